package attrpath

// Patterns over names. The class table and the policy gate match a path by
// its names (Path.Names: attribute names and map keys, list indexes left
// out): a pattern matches the paths it is a prefix of, name by name, and a
// "*" name in the pattern matches any one name. So tags matches
// tags["cost-center"], and metadata_options[0].http_tokens matches
// metadata_options[3].http_tokens.

// PrefixMatch reports whether pattern is a prefix of names, where a "*" in
// pattern matches any name. An empty pattern matches nothing.
func PrefixMatch(pattern, names []string) bool {
	if len(pattern) == 0 || len(pattern) > len(names) {
		return false
	}
	for i, p := range pattern {
		if p != "*" && p != names[i] {
			return false
		}
	}
	return true
}

// PrefixOverlap is PrefixMatch where a "*" on either side matches any
// name: whether some path could match both.
func PrefixOverlap(pattern, names []string) bool {
	if len(pattern) == 0 || len(pattern) > len(names) {
		return false
	}
	for i, p := range pattern {
		if p != "*" && names[i] != "*" && p != names[i] {
			return false
		}
	}
	return true
}

// Glob matches s against pattern, where * matches any run of characters,
// dots and brackets included, and every other byte itself. The
// .driftfixignore patterns (type.id.path, whose IDs may hold dots) are
// globs over text.
func Glob(pattern, s string) bool {
	px, sx := 0, 0
	starP, starS := -1, 0
	for sx < len(s) {
		switch {
		case px < len(pattern) && pattern[px] == '*':
			starP, starS = px, sx
			px++
		case px < len(pattern) && pattern[px] == s[sx]:
			px++
			sx++
		case starP >= 0:
			px = starP + 1
			starS++
			sx = starS
		default:
			return false
		}
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}
