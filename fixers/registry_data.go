package fixers

// dataRules lists this group's rules in their fixed order.
func dataRules() []Fixer {
	return []Fixer{}
}
