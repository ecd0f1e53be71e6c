package attrpath

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestStringAndParse(t *testing.T) {
	for _, tt := range []struct {
		path Path
		s    string
	}{
		{Path{Key("tags"), Key("env")}, "tags.env"},
		{Path{Key("tags"), Key("cost-center")}, `tags["cost-center"]`},
		{Path{Key("tags"), Key("a.b")}, `tags["a.b"]`},
		{Path{Key("tags"), Key(`we"ird`)}, `tags["we\"ird"]`},
		{Path{Key("tags"), Key("a]b")}, `tags["a]b"]`},
		{Path{Key("tags"), Key("0")}, `tags["0"]`},
		{Path{Key("tags"), Key("")}, `tags[""]`},
		{Path{Key("tags"), Key("*")}, `tags["*"]`},
		{Path{Key("ingress"), Index(0), Key("cidr_blocks"), Index(12)}, "ingress[0].cidr_blocks[12]"},
		{Path{Key("rule"), Index(0), Key("apply_server_side_encryption_by_default"), Index(0), Key("sse_algorithm")}, "rule[0].apply_server_side_encryption_by_default[0].sse_algorithm"},
		{Path{Key("block_device_mappings"), AnyIndex(), Key("ebs"), Index(0), Key("encrypted")}, "block_device_mappings[*].ebs[0].encrypted"},
		{Path{Key("ingress"), AnyIndex(), Key("cidr_blocks")}, "ingress[*].cidr_blocks"},
		{Path{Key("tags"), Key("x"), Key("y")}, "tags.x.y"},
		{Path{Index(3)}, "[3]"},
		{Path{Index(3), Key("a")}, "[3].a"},
		{Path{Key("a-b"), Key("c")}, `["a-b"].c`},
		{Path{Key("_x9")}, "_x9"},
		{Path{Key("9x")}, `["9x"]`},
	} {
		if got := tt.path.String(); got != tt.s {
			t.Errorf("%#v.String() = %q, want %q", tt.path, got, tt.s)
		}
		got, err := Parse(tt.s)
		if err != nil || !reflect.DeepEqual(got, tt.path) {
			t.Errorf("Parse(%q) = %v, %v; want %#v", tt.s, got, err, tt.path)
		}
		if got := ParseLenient(tt.s); !reflect.DeepEqual(got, tt.path) {
			t.Errorf("ParseLenient(%q) = %#v, want %#v", tt.s, got, tt.path)
		}
	}
	if got := Path(nil).String(); got != "" {
		t.Errorf("empty path prints %q", got)
	}
}

func TestParseBareKeys(t *testing.T) {
	for s, want := range map[string]Path{
		"tags.cost-center": {Key("tags"), Key("cost-center")},
		"tags.*":           {Key("tags"), Key("*")},
		"(resource)":       {Key("(resource)")},
		`a"b`:              {Key(`a"b`)},
		"[+1]":             {Index(1)},
	} {
		got, err := Parse(s)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) = %#v, %v; want %#v", s, got, err, want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for bad, why := range map[string]string{
		"":        "empty path",
		".a":      "misplaced dot",
		"a.":      "misplaced dot",
		"a..b":    "misplaced dot",
		"a.[0]":   "misplaced dot",
		"a[":      "unterminated index",
		"a[x]":    `bad index "x"`,
		`a["x`:    "unterminated key",
		`a["x"`:   "unterminated key",
		`a["x"y]`: "unterminated key",
		`a["\q"]`: "invalid syntax",
		"a[-1]":   `bad index "-1"`,
		"a[0]b":   `missing dot before "b"`,
		`a["x"]b`: `missing dot before "b"`,
	} {
		_, err := Parse(bad)
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("Parse(%q) = %v, want an error saying %q", bad, err, why)
		}
	}
}

// ParseLenient reads what Parse rejects the way the class table always
// has: hand-written patterns from rules and the configuration.
func TestParseLenient(t *testing.T) {
	for s, want := range map[string]Path{
		"":                {},
		"a..b":            {Key("a"), Key("b")},
		".a.":             {Key("a")},
		"tags[cost]":      {Key("tags"), Key("cost")},
		"tags['c']":       {Key("tags"), Key("c")},
		"tags[`c d`]":     {Key("tags"), Key("c d")},
		"a[-1]":           {Key("a"), Index(-1)},
		"a[0]b":           {Key("a"), Index(0), Key("b")},
		"a[0":             {Key("a"), Key("[0")},
		`a["x"y]`:         {Key("a"), Key(`"x"y`)},
		"rule[*].x":       {Key("rule"), AnyIndex(), Key("x")},
		"tags.*":          {Key("tags"), Key("*")},
		`tags["a]b"].c`:   {Key("tags"), Key("a]b"), Key("c")},
		"metadata[0].tok": {Key("metadata"), Index(0), Key("tok")},
	} {
		if got := ParseLenient(s); len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Errorf("ParseLenient(%q) = %#v, want %#v", s, got, want)
		}
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"metadata_options[0].http_tokens": "metadata_options/http_tokens",
		`tags["cost-center"]`:             "tags/cost-center",
		"ingress[3]":                      "ingress",
		"a.b.c":                           "a/b/c",
		"rule[*].x":                       "rule/x",
		"tags.*":                          "tags/*",
	} {
		if got := strings.Join(ParseLenient(in).Names(), "/"); got != want {
			t.Errorf("ParseLenient(%q).Names() = %q, want %q", in, got, want)
		}
	}
}

func TestNameAndInList(t *testing.T) {
	for _, tt := range []struct {
		p      Path
		name   string
		inList bool
	}{
		{nil, "", false},
		{Path{Key("tags")}, "tags", false},
		{Path{Key("ingress"), Index(2)}, "ingress", true},
		{Path{Key("ingress"), Index(2), Index(0)}, "ingress", true},
		{Path{Key("ingress"), AnyIndex()}, "ingress", true},
		{Path{Key("ingress"), Index(2), Key("cidr_blocks")}, "cidr_blocks", false},
	} {
		if got := tt.p.Name(); got != tt.name {
			t.Errorf("%v.Name() = %q, want %q", tt.p, got, tt.name)
		}
		if got := tt.p.InList(); got != tt.inList {
			t.Errorf("%v.InList() = %v, want %v", tt.p, got, tt.inList)
		}
	}
}

func TestDotted(t *testing.T) {
	for _, tt := range []struct {
		p    Path
		want string
	}{
		{Path{Key("tags"), Key("cost-center")}, "tags.cost-center"},
		{Path{Key("ingress"), Index(0), Key("cidr_blocks")}, "ingress[0].cidr_blocks"},
		{Path{Key("a b"), AnyIndex()}, "a b[*]"},
	} {
		if got := tt.p.Dotted(); got != tt.want {
			t.Errorf("%v.Dotted() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestWithDoesNotShare(t *testing.T) {
	parent := make(Path, 1, 8)
	parent[0] = Key("a")
	x, y := parent.With(Key("x")), parent.With(Key("y"))
	if x.String() != "a.x" || y.String() != "a.y" {
		t.Errorf("siblings share storage: %v %v", x, y)
	}
}

func TestCompare(t *testing.T) {
	want := []string{
		"ingress[2]",
		"ingress[10]",
		"ingress[*]",
		"ingress.x",
		"tags",
		"tags.a",
		`tags["b-c"]`,
		"tags.z",
		"tags_all",
	}
	var paths []Path
	for _, s := range slices.Backward(want) {
		p, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	slices.SortStableFunc(paths, Compare)
	var got []string
	for _, p := range paths {
		got = append(got, p.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("sorted:\n got %q\nwant %q", got, want)
	}
	if Compare(Path{Key("a")}, Path{Key("a")}) != 0 {
		t.Error("a path does not equal itself")
	}
}
