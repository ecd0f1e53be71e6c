package fixers

// s3Rules lists this group's rules in their fixed order.
func s3Rules() []Fixer {
	return []Fixer{
		s3Versioning,
	}
}
