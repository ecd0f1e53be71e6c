package fixers

// s3Rules lists this group's rules in their fixed order.
func s3Rules() []Fixer {
	return []Fixer{
		s3Versioning,
		s3Encryption,
		s3PublicAccessBlock,
		s3AccessLogging,
		s3PublicACL,
	}
}
