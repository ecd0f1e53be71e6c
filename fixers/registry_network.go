package fixers

// networkRules lists this group's rules in their fixed order.
func networkRules() []Fixer {
	return []Fixer{}
}
