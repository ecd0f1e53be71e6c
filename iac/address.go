package iac

import "strings"

// StripInstanceKeys removes instance keys from a resource address, giving
// the address of its configuration block:
// module.a["x"].aws_s3_bucket.b[0] → module.a.aws_s3_bucket.b.
// Brackets inside quoted keys are handled.
func StripInstanceKeys(addr string) string {
	var b strings.Builder
	depth, inString := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '"' && depth > 0:
			inString = true
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}
