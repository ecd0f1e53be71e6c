package fixers

// All returns every rule in a fixed order. Registration is explicit: a new
// rule is added here and nowhere else.
func All() []Fixer {
	return []Fixer{
		s3Versioning,
	}
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
