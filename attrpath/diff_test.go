package attrpath

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func js(t *testing.T, s string) any {
	t.Helper()
	if s == "" {
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return v
}

// paths prints each change as its path, with U for unknown and O for opaque.
func paths(cs []Change) string {
	var out []string
	for _, c := range cs {
		s := c.Path.String()
		if s == "" {
			s = "()"
		}
		if c.Unknown {
			s += " U"
		}
		if c.Opaque {
			s += " O"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

func TestDiffPlain(t *testing.T) {
	for _, tt := range []struct {
		name, before, after, want string
	}{
		{"equal", `{"a":1,"b":[1,2]}`, `{"b":[1,2],"a":1}`, ""},
		{"scalar", `{"a":1}`, `{"a":2}`, "a"},
		{"keys sorted, quoted", `{"b":1,"a-b":1}`, `{"b":2,"a-b":2}`, `["a-b"], b`},
		{"key added and removed", `{"a":1}`, `{"b":1}`, "a, b"},
		{"nested block", `{"rule":[{"x":{"y":"a"}}]}`, `{"rule":[{"x":{"y":"b"}}]}`, "rule[0].x.y"},
		{"type change", `{"a":{"x":1}}`, `{"a":[1]}`, "a"},
		{"list by position, extra elements whole", `{"l":[1,2]}`, `{"l":[1,3,{"z":1}]}`, "l[1], l[2]"},
		{"list shrinks", `{"l":[1,2,3]}`, `{"l":[1]}`, "l[1], l[2]"},
		{"null to empty object is no change", `{"a":null}`, `{"a":{}}`, ""},
		{"null to empty list is no change", `{"a":null}`, `{"a":[]}`, ""},
		{"null to object reports its attributes", `{}`, `{"a":{"x":1,"y":null}}`, "a.x"},
		{"object to null reports its attributes", `{"a":{"x":1,"y":null}}`, `{"a":null}`, "a.x"},
		{"object of nulls to null is no change", `{"a":{"y":null}}`, `{}`, ""},
		{"whole value", `1`, `2`, "()"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := paths(Diff(js(t, tt.before), js(t, tt.after), Options{})); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDiffValues(t *testing.T) {
	got := Diff(js(t, `{"tags":{"env":"a","gone":"x"}}`), js(t, `{"tags":{"env":"b","new":"y"}}`), Options{})
	want := []Change{
		{Path: Path{Key("tags"), Key("env")}, Before: "a", After: "b"},
		{Path: Path{Key("tags"), Key("gone")}, Before: "x"},
		{Path: Path{Key("tags"), Key("new")}, After: "y"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
}

// The plan's options: unknown values, resized lists as multisets, and a
// nulled object reported at its own path.
func TestDiffPlanOptions(t *testing.T) {
	for _, tt := range []struct {
		name, before, after, unknown, want string
	}{
		{"unknown scalar", `{"a":1}`, `{"a":null}`, `{"a":true}`, "a U"},
		{"unknown equal value", `{"a":null}`, `{"a":null}`, `{"a":true}`, "a U"},
		{"unknown key only in after_unknown", `{}`, `{}`, `{"id":true}`, "id U"},
		{"unknown whole", `{}`, `{}`, `true`, "() U"},
		{"unknown in list by position", `{"l":[1,2]}`, `{"l":[1,null]}`, `{"l":[false,true]}`, "l[1] U"},
		{"rule added to a set: only the new one", `{"ingress":[{"p":22},{"p":80}]}`, `{"ingress":[{"p":80},{"p":443},{"p":22}]}`, "", "ingress[1]"},
		{"rule removed: its index before", `{"ingress":[{"p":22},{"p":80},{"p":443}]}`, `{"ingress":[{"p":443},{"p":22}]}`, "", "ingress[1]"},
		{"same index on both sides once", `{"l":[1,2]}`, `{"l":[1,3,4]}`, "", "l[1], l[2]"},
		{"sorted as text", `{"l":[0,1,2,3,4,5,6,7,8,9,10]}`, `{"l":[0,1,2,3,4,5,6,7,8,9,10,11,12]}`, "", "l[11], l[12]"},
		{"sorted as text, ten before two", `{"l":[0,1,2,3,4,5,6,7,8,9,10,11]}`, `{"l":[0,1,"x",3,4,5,6,7,8,9,"y"]}`, "", "l[10], l[11], l[2]"},
		{"unknown element of a resized list", `{"l":[1]}`, `{"l":[1,null]}`, `{"l":[false,true]}`, "l[1] U"},
		{"block appears: its attributes", `{"b":[]}`, `{"b":[{"x":1,"y":null}]}`, "", "b[0].x"},
		{"block appears with unknown", `{"b":null}`, `{"b":[{"x":null}]}`, `{"b":[{"x":true}]}`, "b[0].x U"},
		{"list removed: its elements", `{"l":[1,2]}`, `{"l":null}`, `{"l":true}`, "l U"},
		{"list nulled: each element", `{"l":[1,2]}`, `{}`, `{}`, "l[0], l[1]"},
		{"object nulled with nothing set: itself", `{"o":{"x":null}}`, `{"o":null}`, "", "o"},
		{"object nulled: its attributes, unknown dropped", `{"o":{"x":1}}`, `{"o":null}`, `{"o":{"y":true}}`, "o.x"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Unknown: js(t, tt.unknown), ResizedListsAsMultisets: true, ReportNulledObjects: true}
			if got := paths(Diff(js(t, tt.before), js(t, tt.after), o)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// Opaque values are compared whole and reported at their own path; nothing
// below them is printed.
func TestDiffOpaque(t *testing.T) {
	mask := js(t, `{"tags":true,"l":[false,true]}`)
	opaque := func(p Path) bool { return maskAt(mask, p) }
	for _, tt := range []struct {
		name, before, after, want string
		changed                   func(b, a, u any) bool
	}{
		{"a key of a sensitive map changes", `{"tags":{"Qz":"1"}}`, `{"tags":{"Jx":"1"}}`, "tags O", nil},
		{"unchanged sensitive map", `{"tags":{"Qz":"1"}}`, `{"tags":{"Qz":"1"}}`, "", nil},
		{"sensitive list element", `{"l":[1,2]}`, `{"l":[1,3]}`, "l[1] O", nil},
		{"extra element at a sensitive index", `{"l":[1]}`, `{"l":[1,2]}`, "l[1] O", nil},
		{"OpaqueChanged decides", `{"tags":{}}`, `{"tags":{"a":[]}}`, "tags O", func(b, a, u any) bool { return !reflect.DeepEqual(b, a) }},
		{"without OpaqueChanged, as below", `{"tags":{}}`, `{"tags":{"a":[]}}`, "", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Opaque: opaque, OpaqueChanged: tt.changed}
			if got := paths(Diff(js(t, tt.before), js(t, tt.after), o)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func maskAt(mask any, p Path) bool {
	cur := mask
	for _, s := range p {
		if b, ok := cur.(bool); ok {
			return b
		}
		switch s.Kind {
		case KeyStep:
			m, _ := cur.(map[string]any)
			cur = m[s.Key]
		case IndexStep:
			l, _ := cur.([]any)
			cur = at(l, s.Index)
		}
	}
	return isTrue(cur)
}

// The drift options: a normalising Equal, sets, and blocks whose reader
// leaves out attributes.
func TestDiffDriftOptions(t *testing.T) {
	// Equal: strings compare without case (a stand-in for normalisation).
	var asked []string
	equal := func(p Path, b, a any) bool {
		asked = append(asked, p.String())
		bs, ok1 := b.(string)
		as, ok2 := a.(string)
		if ok1 && ok2 {
			return strings.EqualFold(bs, as)
		}
		return reflect.DeepEqual(b, a)
	}
	set := func(p Path) bool { return p.Name() == "cidr_blocks" || p.Name() == "ingress" }
	o := Options{Equal: equal, Set: set, ElementKeysFromAfter: true}
	for _, tt := range []struct {
		name, before, after, want string
	}{
		{"Equal normalises", `{"a":"X"}`, `{"a":"x"}`, ""},
		{"set in another order", `{"cidr_blocks":["b","a"]}`, `{"cidr_blocks":["A","B"]}`, ""},
		{"one set element changed: at its sorted index", `{"cidr_blocks":["b","a"]}`, `{"cidr_blocks":["c","a"]}`, "cidr_blocks[1]"},
		{"set elements added and removed: each whole", `{"cidr_blocks":["b","a","d"]}`, `{"cidr_blocks":["c","a"]}`, "cidr_blocks[1], cidr_blocks[2], cidr_blocks[1]"},
		{"set element's attribute", `{"ingress":[{"p":1,"c":["x"]},{"p":2}]}`, `{"ingress":[{"p":2},{"p":1,"c":["y"]}]}`, "ingress[0].c[0]"},
		{"block keeps only the reader's keys", `{"v":[{"status":"on","mfa":"x"}]}`, `{"v":[{"status":"off"}]}`, "v[0].status"},
		{"object not in a list compares every key", `{"v":{"status":"on","mfa":"x"}}`, `{"v":{"status":"on"}}`, "v.mfa"},
		{"ordered list by position", `{"l":["a","b"]}`, `{"l":["b","a","c"]}`, "l[0], l[1], l[2]"},
		{"object nulled reports attributes only", `{"o":{"x":null}}`, `{"o":null}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := paths(Diff(js(t, tt.before), js(t, tt.after), o)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	asked = nil
	Diff(js(t, `{"ingress":["a"]}`), js(t, `{"ingress":["b"]}`), o)
	if want := "(root)|ingress|ingress[*]|ingress[0]"; "(root)"+strings.Join(asked, "|") != want {
		t.Errorf("Equal asked at %q, want %q", asked, want)
	}
}

func TestMatchSet(t *testing.T) {
	exp, act, removed, added := MatchSet([]any{"b", "a", "a"}, []any{"a", "c"}, func(b, a any) bool { return b == a })
	if !reflect.DeepEqual(exp, []any{"a", "a", "b"}) || !reflect.DeepEqual(act, []any{"a", "c"}) {
		t.Errorf("sorted: %v %v", exp, act)
	}
	if !reflect.DeepEqual(removed, []int{1, 2}) || !reflect.DeepEqual(added, []int{1}) {
		t.Errorf("removed %v added %v", removed, added)
	}
}
