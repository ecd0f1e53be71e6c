package attrpath

import (
	"reflect"
	"testing"
)

func names(s string) []string { return ParseLenient(s).Names() }

func TestPrefixMatch(t *testing.T) {
	for _, tt := range []struct {
		pattern, path string
		want          bool
	}{
		{"tags", `tags["cost-center"]`, true},
		{"tags", "tags", true},
		{"tags", "tags_all.env", false},
		{"tags.*", "tags.env", true},
		{"tags.*", "tags", false},
		{"metadata_options[0].http_tokens", "metadata_options[3].http_tokens", true},
		{"ebs_block_device[*].encrypted", "ebs_block_device[1].encrypted", true},
		{"*", "anything", true},
		{"", "anything", false},
		{"a.b", "a.*", false},
	} {
		if got := PrefixMatch(names(tt.pattern), names(tt.path)); got != tt.want {
			t.Errorf("PrefixMatch(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestPrefixOverlap(t *testing.T) {
	for _, tt := range []struct {
		pattern, path string
		want          bool
	}{
		{"a.b", "a.*", true},
		{"a.*", "a.b", true},
		{"a.b", "a.c", false},
		{"a.b.c", "a.*", false},
		{"", "a", false},
	} {
		if got := PrefixOverlap(names(tt.pattern), names(tt.path)); got != tt.want {
			t.Errorf("PrefixOverlap(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestGlob(t *testing.T) {
	for _, tt := range []struct {
		p, s string
		want bool
	}{
		{"*", "", true},
		{"*", "a.b", true},
		{"a*", "abc", true},
		{"*c", "abc", true},
		{"a*c", "abbbc", true},
		{"a*c", "abbbd", false},
		{"*.tags", "x.y.tags", true},
		{"*.tags", "x.tags_all", false},
		{"a**b", "ab", true},
		{"abc", "ab", false},
		{"ab", "abc", false},
		{"", "", true},
		{`b.tags["c*"]`, `b.tags["cost"]`, true},
	} {
		if got := Glob(tt.p, tt.s); got != tt.want {
			t.Errorf("Glob(%q, %q) = %v", tt.p, tt.s, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"tags.env", `tags["cost-center"]`, "ingress[0].cidr_blocks[12]", "x[*].y", `a["\x00"]`,
		"", ".", "[", `["`, `["\`, "a..b", "a[0]b", "[-1]", "[+1]", `a["x"y]`, "tags['c']", "a[`b`]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lenient := ParseLenient(s)
		p, err := Parse(s)
		if err != nil {
			return
		}
		if len(p) == 0 {
			t.Fatalf("Parse(%q) gave an empty path and no error", s)
		}
		printed := p.String()
		again, err := Parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) = %#v prints %q, which Parse rejects: %v", s, p, printed, err)
		}
		if !reflect.DeepEqual(again, p) {
			t.Fatalf("Parse(%q) = %#v prints %q, which parses to %#v", s, p, printed, again)
		}
		if !reflect.DeepEqual(lenient, p) {
			t.Fatalf("ParseLenient(%q) = %#v, Parse = %#v", s, lenient, p)
		}
		if !PrefixMatch(p.Names(), p.Names()) && len(p.Names()) > 0 {
			t.Fatalf("%q does not match itself", s)
		}
		if !Glob(printed, printed) {
			t.Fatalf("%q does not glob itself", printed)
		}
	})
}
