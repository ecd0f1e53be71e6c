package iac

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// loadDir loads testdata/load/<dir>.
func loadDir(t testing.TB, dir string) *Module {
	t.Helper()
	return Load(context.Background(), os.DirFS("testdata/load"), dir)
}

// show renders an attribute the way the tables below spell it: <absent>,
// <unknown>, or the value as JSON.
func show(v cty.Value, st State) string {
	switch st {
	case Absent:
		return "<absent>"
	case Unknown:
		return "<unknown>"
	}
	b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
	if err != nil {
		return "<error: " + err.Error() + ">"
	}
	return string(b)
}

func addresses(m *Module) []string {
	var out []string
	for _, r := range m.Resources {
		out = append(out, r.Address())
	}
	return out
}

// diagStrings renders the first diagnostic of each file (the parser's
// follow-up errors are its business) as "file:line,col: summary", sorted.
func diagStrings(ds hcl.Diagnostics) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range ds {
		if d.Subject == nil {
			out = append(out, ": "+d.Summary)
			continue
		}
		if seen[d.Subject.Filename] {
			continue
		}
		seen[d.Subject.Filename] = true
		out = append(out, fmt.Sprintf("%s:%d,%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, d.Summary))
	}
	sort.Strings(out)
	return out
}

// resource returns the one resource instance with address addr.
func resource(t testing.TB, m *Module, addr string) *Resource {
	t.Helper()
	for _, r := range m.Resources {
		if r.Address() == addr {
			return r
		}
	}
	t.Fatalf("no resource %s; have %v", addr, addresses(m))
	return nil
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name  string
		dir   string
		addrs []string          // every resource instance, in load order
		attrs map[string]string // "address attr" -> show(Get(attr))
		diags []string          // "file:line,col: summary", sorted
	}{
		{
			name:  "variables: defaults, types, tfvars precedence, required",
			dir:   "variables",
			addrs: []string{"aws_s3_bucket.b"},
			attrs: map[string]string{
				"aws_s3_bucket.b bucket":      `"logs"`,
				"aws_s3_bucket.b port":        `8080`, // "8080" converted to number
				"aws_s3_bucket.b tags":        `{"team":"1"}`,
				"aws_s3_bucket.b names":       `["a","b"]`,
				"aws_s3_bucket.b required":    `<unknown>`,
				"aws_s3_bucket.b untyped":     `<unknown>`,
				"aws_s3_bucket.b from_tfvars": `"auto-b"`, // *.auto.tfvars in lexical order win
				"aws_s3_bucket.b only":        `"tfvars-only"`,
				"aws_s3_bucket.b json":        `"tfvars-json"`, // terraform.tfvars.json after terraform.tfvars
				"aws_s3_bucket.b enabled":     `true`,          // optional() default
				"aws_s3_bucket.b bad":         `<unknown>`,     // does not convert
				"aws_s3_bucket.b nothing":     `<absent>`,      // null
				"aws_s3_bucket.b undeclared":  `<unknown>`,
				"aws_s3_bucket.b missing":     `<absent>`,
			},
		},
		{
			name:  "locals: chains and cycles",
			dir:   "locals",
			addrs: []string{"aws_s3_bucket.b"},
			attrs: map[string]string{
				"aws_s3_bucket.b bucket":     `"PROD-APP"`,
				"aws_s3_bucket.b tags":       `{"Env":"prod","Name":"PROD-APP"}`,
				"aws_s3_bucket.b ping":       `<unknown>`,
				"aws_s3_bucket.b me":         `<unknown>`,
				"aws_s3_bucket.b uses_cycle": `<unknown>`,
				"aws_s3_bucket.b from_var":   `<unknown>`,
				"aws_s3_bucket.b missing":    `<unknown>`,
			},
		},
		{
			name:  "functions",
			dir:   "functions",
			addrs: []string{"aws_s3_bucket.f"},
			attrs: map[string]string{
				"aws_s3_bucket.f set":        `["a","b"]`,
				"aws_s3_bucket.f merged":     `{"a":1,"b":2}`,
				"aws_s3_bucket.f concat":     `["a","b","c"]`,
				"aws_s3_bucket.f lower":      `"mixed"`,
				"aws_s3_bucket.f json":       `"{\"Statement\":[],\"Version\":\"2012-10-17\"}"`,
				"aws_s3_bucket.f format":     `"web-007"`,
				"aws_s3_bucket.f lookup":     `"1"`,
				"aws_s3_bucket.f lookup_def": `"none"`,
				"aws_s3_bucket.f lookup2":    `"2"`,
				"aws_s3_bucket.f file":       `<unknown>`,
				"aws_s3_bucket.f partial":    `<unknown>`,
				"aws_s3_bucket.f try":        `"fallback"`,
				"aws_s3_bucket.f length":     `4`,
				"aws_s3_bucket.f starts":     `true`,
				"aws_s3_bucket.f unknown_fn": `<unknown>`,
				"aws_s3_bucket.f timestamp":  `<unknown>`,
			},
		},
		{
			name: "count and for_each",
			dir:  "expand",
			addrs: []string{
				`aws_s3_bucket.set["a"]`, `aws_s3_bucket.set["b"]`,
				`aws_s3_bucket.map["x"]`, `aws_s3_bucket.map["y"]`,
				`aws_s3_bucket.count[0]`, `aws_s3_bucket.count[1]`,
				`aws_s3_bucket.strcount[0]`,
				`aws_s3_bucket.unknown_fe`,
				`aws_s3_bucket.unknown_count`,
				`aws_s3_bucket.partial["k"]`,
				`aws_s3_bucket.numset`,
				`aws_s3_bucket_versioning.chained["a"]`, `aws_s3_bucket_versioning.chained["b"]`,
				`aws_s3_bucket_acl.counted[0]`, `aws_s3_bucket_acl.counted[1]`,
				`aws_s3_bucket_policy.cyc_a`,
				`aws_s3_bucket_policy.cyc_b`,
			},
			attrs: map[string]string{
				`aws_s3_bucket.set["b"] bucket`:                `"set-b"`,
				`aws_s3_bucket.map["y"] bucket`:                `"two"`,
				`aws_s3_bucket.map["y"] key`:                   `"y"`,
				`aws_s3_bucket.count[1] bucket`:                `"count-1"`,
				`aws_s3_bucket.unknown_fe bucket`:              `<unknown>`,
				`aws_s3_bucket.unknown_count bucket`:           `<unknown>`,
				`aws_s3_bucket.partial["k"] bucket`:            `"k"`,
				`aws_s3_bucket.partial["k"] n`:                 `<unknown>`,
				`aws_s3_bucket_versioning.chained["a"] key`:    `"a"`,
				`aws_s3_bucket_versioning.chained["a"] bucket`: `<unknown>`,
			},
		},
		{
			name: "local modules",
			dir:  "modules",
			addrs: []string{
				"aws_s3_bucket.root",
				"module.a.aws_s3_bucket.a",
				"module.a.module.b.aws_s3_bucket.b",
				"module.a2.aws_s3_bucket.a",
				"module.a2.module.b.aws_s3_bucket.b",
			},
			attrs: map[string]string{
				"aws_s3_bucket.root bucket":                 `<unknown>`,
				"module.a.aws_s3_bucket.a bucket":           `"root-prod"`,
				"module.a.module.b.aws_s3_bucket.b bucket":  `"root-prod-b"`,
				"module.a2.module.b.aws_s3_bucket.b bucket": `"second-b"`,
				"module.a2.module.b.aws_s3_bucket.b path":   `"modules/b"`,
			},
			diags: []string{"main.tf:20,1: Cannot read module directory"},
		},
		{
			name:  "module cycle",
			dir:   "cycle",
			addrs: []string{"aws_s3_bucket.root", "module.c.aws_s3_bucket.c", "module.c.module.d.aws_s3_bucket.d"},
			diags: []string{
				"modules/c/main.tf:5,1: Module cycle",
				"modules/d/main.tf:1,1: Module cycle",
			},
		},
		{
			name:  "module outside the root directory",
			dir:   "outside/envs/prod",
			addrs: []string{"module.net.aws_vpc.this"},
			attrs: map[string]string{"module.net.aws_vpc.this cidr_block": `"10.0.0.0/16"`},
			diags: []string{"main.tf:7,12: Module source outside the tree"},
		},
		{
			name:  "data sources",
			dir:   "data",
			addrs: []string{"data.aws_iam_policy_document.p", "data.aws_caller_identity.me[0]", "data.aws_caller_identity.me[1]", "aws_iam_policy.p"},
			attrs: map[string]string{
				"aws_iam_policy.p policy":  `<unknown>`,
				"aws_iam_policy.p account": `<unknown>`,
				"aws_iam_policy.p n":       `2`,
			},
		},
		{
			name:  ".tf.json",
			dir:   "json",
			addrs: []string{"aws_s3_bucket_versioning.v", "aws_s3_bucket.b", "aws_s3_bucket.counted[0]", "aws_s3_bucket.counted[1]", "aws_security_group.sg", "data.aws_caller_identity.me"},
			attrs: map[string]string{
				"aws_s3_bucket.b bucket":            `"from-json-logs"`,
				"aws_s3_bucket.b force_destroy":     `true`,
				"aws_s3_bucket.counted[1] bucket":   `"c-1"`,
				"aws_s3_bucket_versioning.v bucket": `<unknown>`,
			},
		},
		{
			name:  "override files: locals replace, resource blocks are not merged",
			dir:   "override",
			addrs: []string{"aws_s3_bucket.b"},
			attrs: map[string]string{
				"aws_s3_bucket.b bucket": `"overridden"`,
				"aws_s3_bucket.b acl":    `"public-read"`,
			},
			diags: []string{"override.tf:5,1: Override not merged"},
		},
		{
			name:  "syntax error: the other files still load",
			dir:   "syntax-error",
			addrs: []string{"aws_s3_bucket.good"},
			diags: []string{
				"bad.tf.json:4,27: Trailing comma in object",
				"bad.tf:3,9: Invalid expression",
			},
		},
		{
			name:  "encoding: non-UTF-8 and binary files",
			dir:   "encoding",
			addrs: []string{"aws_s3_bucket.bom", "aws_s3_bucket.good"}, // a UTF-8 byte order mark is fine
			diags: []string{
				"binary.tf:1,1: Invalid character",
				"latin1.tf:2,16: Invalid character encoding",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loadDir(t, tt.dir)
			if got := addresses(m); !reflect.DeepEqual(got, tt.addrs) {
				t.Errorf("addresses:\n got %q\nwant %q", got, tt.addrs)
			}
			keys := make([]string, 0, len(tt.attrs))
			for k := range tt.attrs {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				addr, attr, _ := strings.Cut(k, " ")
				r := resource(t, m, addr)
				if got := show(r.Block.Get(attr)); got != tt.attrs[k] {
					t.Errorf("%s: got %s, want %s", k, got, tt.attrs[k])
				}
			}
			if got := diagStrings(m.Diagnostics); !reflect.DeepEqual(got, tt.diags) {
				t.Errorf("diagnostics:\n got %q\nwant %q\n%s", got, tt.diags, m.Diagnostics)
			}
		})
	}
}

func TestLoadVariableTypes(t *testing.T) {
	m := loadDir(t, "variables")
	vars := m.Scopes[0].Variables
	for name, want := range map[string]cty.Type{
		"port":     cty.Number,
		"tags":     cty.Map(cty.String),
		"names":    cty.Set(cty.String),
		"required": cty.String,
		"settings": cty.Object(map[string]cty.Type{"name": cty.String, "enabled": cty.Bool}),
	} {
		if got := vars[name].Type(); !got.Equals(want) {
			t.Errorf("var.%s: type %#v, want %#v", name, got, want)
		}
	}
	if vars["required"].IsKnown() {
		t.Errorf("var.required is known: %#v", vars["required"])
	}
}

func TestLoadFunctionsPartial(t *testing.T) {
	m := loadDir(t, "functions")
	v := resource(t, m, "aws_s3_bucket.f").Block.Attr("partial").Value()
	if !v.IsKnown() || !v.GetAttr("a").IsKnown() || v.GetAttr("a").AsString() != "known" || v.GetAttr("b").IsKnown() {
		t.Errorf("partial = %#v, want a known and b unknown", v)
	}
}

func TestLoadExpansionFlags(t *testing.T) {
	m := loadDir(t, "expand")
	for addr, want := range map[string]bool{
		`aws_s3_bucket.set["a"]`:      true,
		`aws_s3_bucket.unknown_fe`:    true,
		`aws_s3_bucket.unknown_count`: true,
	} {
		r := resource(t, m, addr)
		if r.Expanded != want {
			t.Errorf("%s: Expanded = %v", addr, r.Expanded)
		}
	}
	r := resource(t, m, "aws_s3_bucket.unknown_fe")
	if r.Key != cty.NilVal {
		t.Errorf("unknown for_each has key %#v", r.Key)
	}
	if got := resource(t, m, "aws_s3_bucket.count[1]").ConfigAddress(); got != "aws_s3_bucket.count" {
		t.Errorf("ConfigAddress = %s", got)
	}
}

func TestLoadModuleScopes(t *testing.T) {
	m := loadDir(t, "modules")
	type scope struct {
		prefix, dir string
		callers     int
	}
	var got []scope
	for _, s := range m.Scopes {
		got = append(got, scope{s.Prefix(), s.Dir, s.Callers})
	}
	want := []scope{
		{"", ".", 1},
		{"module.a.", "modules/a", 2},
		{"module.a.module.b.", "modules/b", 2},
		{"module.a2.", "modules/a", 2},
		{"module.a2.module.b.", "modules/b", 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scopes:\n got %+v\nwant %+v", got, want)
	}
	// One file per directory, shared by both calls.
	var files []string
	for p := range m.Files {
		files = append(files, p)
	}
	sort.Strings(files)
	if want := []string{"main.tf", "modules/a/main.tf", "modules/b/main.tf"}; !reflect.DeepEqual(files, want) {
		t.Errorf("files = %q, want %q", files, want)
	}
	a1 := resource(t, m, "module.a.aws_s3_bucket.a")
	a2 := resource(t, m, "module.a2.aws_s3_bucket.a")
	if a1.File != a2.File {
		t.Errorf("the two calls of modules/a do not share the File")
	}
}

func TestLoadOutsideFiles(t *testing.T) {
	m := loadDir(t, "outside/envs/prod")
	r := resource(t, m, "module.net.aws_vpc.this")
	if r.File.Path != "../../modules/net/main.tf" || r.Scope.Dir != "../../modules/net" {
		t.Errorf("file %s, scope dir %s", r.File.Path, r.Scope.Dir)
	}
}

func TestLoadDataSources(t *testing.T) {
	m := loadDir(t, "data")
	r := resource(t, m, "data.aws_iam_policy_document.p")
	if r.Mode != Data || r.Block.First("statement") == nil {
		t.Errorf("data source: mode %v, statement %v", r.Mode, r.Block.First("statement"))
	}
	if got, st := r.Block.First("statement").Strings("actions"); st != Known || !reflect.DeepEqual(got, []string{"s3:GetObject"}) {
		t.Errorf("actions = %q (%v)", got, st)
	}
	if rs := m.ResourcesOfType("aws_iam_policy_document"); len(rs) != 0 {
		t.Errorf("ResourcesOfType returns data sources: %v", rs)
	}
	if rs := m.ResourcesOfType("aws_iam_policy"); len(rs) != 1 {
		t.Errorf("ResourcesOfType(aws_iam_policy) = %v", rs)
	}
}

func TestLoadDynamicBlocks(t *testing.T) {
	m := loadDir(t, "dynamic")
	sg := resource(t, m, "aws_security_group.sg").Block
	in := sg.First("ingress")
	if in == nil || !in.Dynamic || !sg.HasDynamic("ingress") || in.File == nil {
		t.Fatalf("ingress = %+v", in)
	}
	if got := show(in.Get("from_port")); got != "<unknown>" {
		t.Errorf("ingress from_port = %s, want <unknown>", got)
	}
	if got := show(in.Get("protocol")); got != `"tcp"` {
		t.Errorf("ingress protocol = %s", got)
	}
	eg := sg.First("egress")
	if got := show(eg.Get("cidr_blocks")); got != "<unknown>" {
		t.Errorf("egress cidr_blocks (iterator e) = %s, want <unknown>", got)
	}
	if got := show(eg.Get("description")); got != `"fixed"` {
		t.Errorf("egress description = %s", got)
	}
	nested := eg.First("nested")
	if nested == nil || !nested.Dynamic || show(nested.Get("x")) != "<unknown>" || show(nested.Get("y")) != `"y"` {
		t.Errorf("nested dynamic = %+v", nested)
	}
	if tags := sg.First("tags"); tags == nil || tags.Dynamic || sg.HasDynamic("tags") {
		t.Errorf("static tags block = %+v", tags)
	}
}

func TestLoadJSONBlocks(t *testing.T) {
	m := loadDir(t, "json")
	r := resource(t, m, "aws_s3_bucket.b")
	if !r.File.JSON {
		t.Fatalf("not a JSON file")
	}
	v := r.Block.First("versioning")
	if v == nil {
		t.Fatalf("no versioning block; blocks %+v", r.Block.Blocks)
	}
	if b, st := v.Bool("enabled"); st != Known || b {
		t.Errorf("versioning.enabled = %v %v", b, st)
	}
	rules := r.Block.Nested("lifecycle_rule")
	if len(rules) != 2 {
		t.Fatalf("lifecycle_rule blocks = %d, want 2", len(rules))
	}
	if id, _ := rules[1].String("id"); id != "two" {
		t.Errorf("second rule id = %q", id)
	}
	if r.Block.Range.Start.Line != 10 {
		t.Errorf("block range %s", r.Block.Range)
	}
	sg := resource(t, m, "aws_security_group.sg").Block
	in := sg.First("ingress")
	if in == nil || !in.Dynamic || sg.Attr("dynamic") != nil {
		t.Fatalf("JSON dynamic block: %+v", sg)
	}
	if got := show(in.Get("from_port")); got != "<unknown>" {
		t.Errorf("from_port (iterator r) = %s", got)
	}
	if got := show(in.Get("protocol")); got != `"tcp"` {
		t.Errorf("protocol = %s", got)
	}
}

func TestLoadContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := Load(ctx, os.DirFS("testdata/load"), "modules")
	if len(m.Resources) != 0 {
		t.Errorf("loaded %d resources after cancel", len(m.Resources))
	}
}

func TestLoadDuplicateResource(t *testing.T) {
	fsys := fstest.MapFS{
		"a.tf": {Data: []byte("resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"one\"\n}\n")},
		"b.tf": {Data: []byte("resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"two\"\n}\n")},
	}
	m := Load(context.Background(), fsys, ".")
	if got := addresses(m); len(got) != 1 {
		t.Errorf("addresses = %q, want one", got)
	}
}

func TestRefs(t *testing.T) {
	m := loadDir(t, "refs")
	refs := func(addr string) []string {
		var out []string
		for _, r := range m.Refs(resource(t, m, addr), "bucket") {
			out = append(out, r.Address())
		}
		return out
	}
	for addr, want := range map[string][]string{
		"aws_s3_bucket_versioning.by_id":     {"aws_s3_bucket.x"},
		"aws_s3_bucket_versioning.by_bucket": {"aws_s3_bucket.x"},
		"aws_s3_bucket_versioning.by_arn":    {"aws_s3_bucket.x"},
		"aws_s3_bucket_versioning.by_key":    {`aws_s3_bucket.fe["a"]`},
		`aws_s3_bucket_versioning.each["b"]`: {`aws_s3_bucket.fe["b"]`},
		`aws_s3_bucket_versioning.cnt[1]`:    {`aws_s3_bucket.cnt[1]`},
		`aws_s3_bucket_versioning.cnt0`:      {`aws_s3_bucket.cnt[0]`},
		"aws_s3_bucket_versioning.via_local": {"aws_s3_bucket.x"},
		"aws_s3_bucket_versioning.interp":    {"aws_s3_bucket.x"},
		"aws_s3_bucket_versioning.literal":   nil,
		"aws_s3_bucket_versioning.other":     nil,
	} {
		if got := refs(addr); !reflect.DeepEqual(got, want) {
			t.Errorf("Refs(%s) = %q, want %q", addr, got, want)
		}
	}
	if got := m.Refs(resource(t, m, "aws_s3_bucket.x"), "no_such_attr"); got != nil {
		t.Errorf("Refs of an absent attribute = %v", got)
	}
}

func TestReferrers(t *testing.T) {
	m := loadDir(t, "refs")
	referrers := func(target, matchAttr string) []string {
		var out []string
		for _, r := range m.Referrers(resource(t, m, target), "aws_s3_bucket_versioning", "bucket", matchAttr) {
			out = append(out, r.Address())
		}
		sort.Strings(out)
		return out
	}
	tests := []struct {
		target, match string
		want          []string
	}{
		{"aws_s3_bucket.x", "bucket", []string{
			"aws_s3_bucket_versioning.by_arn", "aws_s3_bucket_versioning.by_bucket", "aws_s3_bucket_versioning.by_id",
			"aws_s3_bucket_versioning.interp", "aws_s3_bucket_versioning.literal", "aws_s3_bucket_versioning.via_local",
		}},
		{"aws_s3_bucket.x", "", []string{
			"aws_s3_bucket_versioning.by_arn", "aws_s3_bucket_versioning.by_bucket", "aws_s3_bucket_versioning.by_id",
			"aws_s3_bucket_versioning.interp", "aws_s3_bucket_versioning.via_local",
		}},
		{`aws_s3_bucket.fe["a"]`, "bucket", []string{"aws_s3_bucket_versioning.by_key", `aws_s3_bucket_versioning.each["a"]`}},
		{`aws_s3_bucket.fe["b"]`, "bucket", []string{`aws_s3_bucket_versioning.each["b"]`}},
		{`aws_s3_bucket.cnt[0]`, "", []string{`aws_s3_bucket_versioning.cnt0`, `aws_s3_bucket_versioning.cnt[0]`}},
		{`aws_s3_bucket.cnt[1]`, "", []string{`aws_s3_bucket_versioning.cnt[1]`}},
	}
	for _, tt := range tests {
		if got := referrers(tt.target, tt.match); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Referrers(%s, match %q):\n got %q\nwant %q", tt.target, tt.match, got, tt.want)
		}
	}
}

func TestLoadLimits(t *testing.T) {
	src := `resource "x" "y" {
  product = length(setproduct(range(100), range(100), range(10)))
  small   = length(setproduct(range(10), range(10)))
  wide    = format("%100000000d", 1)
  deep    = format("%.99999f", 1)
  digits  = format("web-123456-%03d", 7)
  indent  = indent(100000000, "a\nb")
  count   = 100001
}

resource "x" "many" {
  count = 100001
}
`
	m := Load(context.Background(), fstest.MapFS{"main.tf": {Data: []byte(src)}}, ".")
	r := resource(t, m, "x.y")
	for attr, want := range map[string]string{
		"product": "<unknown>",
		"small":   "100",
		"wide":    "<unknown>",
		"deep":    "<unknown>",
		"digits":  `"web-123456-007"`,
		"indent":  "<unknown>",
	} {
		if got := show(r.Block.Get(attr)); got != want {
			t.Errorf("%s = %s, want %s", attr, got, want)
		}
	}
	if got := addresses(m); !reflect.DeepEqual(got, []string{"x.y", "x.many"}) {
		t.Errorf("a count beyond the limit is unknown: %q", got)
	}
}

// Attribute values are evaluated when first asked for; rules ask from
// several goroutines at once, and all see the one value.
func TestAttrValueOnceForAll(t *testing.T) {
	a := resource(t, loadDir(t, "functions"), "aws_s3_bucket.f").Block.Attr("lookup")
	var wg sync.WaitGroup
	got := make([]cty.Value, 8)
	for i := range got {
		wg.Go(func() { got[i] = a.Value() })
	}
	wg.Wait()
	for i, v := range got {
		if !v.RawEquals(cty.StringVal("1")) {
			t.Errorf("reader %d: lookup = %#v, want \"1\" (local.m.a, evaluated in its block's context)", i, v)
		}
	}
}
