package fixers

// All returns every rule in a fixed order. Registration is explicit: a new
// rule is added to its group's list and nowhere else.
func All() []Fixer {
	var all []Fixer
	all = append(all, s3Rules()...)
	all = append(all, networkRules()...)
	all = append(all, ec2EncryptionRules()...)
	all = append(all, dataRules()...)
	all = append(all, miscRules()...)
	return all
}

// ByID returns the rule with the given ID.
func ByID(id string) (Fixer, bool) {
	for _, f := range All() {
		if f.ID == id {
			return f, true
		}
	}
	return Fixer{}, false
}
