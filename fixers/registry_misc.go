package fixers

// miscRules lists this group's rules in their fixed order.
func miscRules() []Fixer {
	return []Fixer{
		iamWildcardPolicy,
		cloudwatchLogRetention,
		dynamodbPITR,
		sqsEncryption,
		snsEncryption,
		requiredTags,
	}
}
