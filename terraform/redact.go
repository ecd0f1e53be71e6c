package terraform

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	tfjson "github.com/hashicorp/terraform-json"
)

// Mask replaces every sensitive value that the redactor removes.
const Mask = "(sensitive)"

// ChangedMask replaces a sensitive value on the "after" side of a change
// when it differs from the "before" side (which reads Mask). A redacted
// change is still a change: a classifier comparing the redacted values
// sees that the value changed, and never what it was or became.
const ChangedMask = "(sensitive, changed)"

// MinSecretLen is the shortest value searched for anywhere in text.
// Replacing every occurrence of a shorter sensitive value ("1", "yes") in
// free text would mask ordinary words and numbers, so a shorter value is
// replaced in text only where it stands as a whole quoted string ("yes"),
// and in plan JSON only where a value equals it exactly. Structurally
// (under Terraform's sensitivity marks) every value is masked, whatever
// its length.
const MinSecretLen = 4

// Redactor removes sensitive values from text and plans before they leave
// the process (logs, PR comments, terminals). It is safe for concurrent
// use, and it only ever learns more secrets: AddPlan, AddState and Add add
// to the set, nothing removes from it.
//
// Where the secrets come from: in plan and state JSON, Terraform writes
// sensitive values in clear text and marks them only in side masks
// (before_sensitive/after_sensitive of each change, sensitive_values of
// each resource, sensitive outputs and variables). The redactor collects
// every value those masks cover, and then searches for the values
// everywhere, not only where the masks point: Terraform 1.5.7 copies
// sensitive inputs into non-sensitive computed attributes (the `output` of
// a terraform_data whose `input` is sensitive has an empty mask, and the
// human plan prints it in clear), so the masks alone are not enough.
//
// Each value is searched for as written, JSON-escaped (as `terraform show
// -json` writes it, with and without HTML escaping), quoted as HCL renders
// it, and, for a multi-line value, line by line (the human plan renders
// such values as an indented heredoc). A value that is itself a JSON
// object or array (a policy document, say) also contributes its leaf
// values, because the human plan renders it as jsonencode({…}) over many
// lines. A value shorter than MinSecretLen is searched for only as a
// whole quoted string in each of those forms ("ab" becomes "(sensitive)").
type Redactor struct {
	mu      sync.RWMutex
	secrets map[string]struct{} // what text is searched for
	short   map[string]struct{} // values shorter than MinSecretLen, as they are
	quoted  map[string]struct{} // the quoted forms of short, also in secrets
	whole   map[string]struct{} // canonical JSON of sensitive maps and lists
	repl    *strings.Replacer   // rebuilt when secrets change
	maxLen  int
}

// NewRedactor returns a Redactor that knows every sensitive value in plan
// (which may be nil).
func NewRedactor(plan *tfjson.Plan) *Redactor {
	r := &Redactor{secrets: map[string]struct{}{}, short: map[string]struct{}{}, quoted: map[string]struct{}{}, whole: map[string]struct{}{}}
	r.AddPlan(plan)
	return r
}

// AddPlan adds the sensitive values of plan: sensitive root variables and
// their defaults (also of module variables), masked values of
// resource_changes, resource_drift and deferred changes, sensitive
// outputs and output_changes, planned_values and prior_state.
func (r *Redactor) AddPlan(plan *tfjson.Plan) {
	if plan == nil {
		return
	}
	tree, err := toTree(plan)
	if err != nil {
		return
	}
	var found []string
	var whole []any
	collect := func(v any) any {
		found = appendSensitive(found, v)
		whole = append(whole, v)
		return v
	}
	walkPlan(tree, collect, func(c map[string]any, _ int) { maskChange(c, collect) })
	r.Add(found...)
	r.addWhole(whole...)
}

// AddState adds the sensitive values of a state: masked resource
// attributes and sensitive outputs.
func (r *Redactor) AddState(state *tfjson.State) {
	if state == nil {
		return
	}
	tree, err := toTree(state)
	if err != nil {
		return
	}
	var found []string
	var whole []any
	walkState(tree, func(v any) any {
		found = appendSensitive(found, v)
		whole = append(whole, v)
		return v
	})
	r.Add(found...)
	r.addWhole(whole...)
}

// addWhole records sensitive maps and lists as whole values: an unmarked
// copy of one (Terraform 1.5 copies a sensitive input into a computed
// output) is masked whole in plan JSON, keys included.
func (r *Redactor) addWhole(values ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range values {
		if k, ok := wholeKey(v); ok {
			r.whole[k] = struct{}{}
		}
	}
}

// wholeKey is the canonical JSON of a non-empty map or list.
func wholeKey(v any) (string, bool) {
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 0 {
			return "", false
		}
	case []any:
		if len(t) == 0 {
			return "", false
		}
	default:
		return "", false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// isWhole reports whether v is a copy of a known sensitive map or list.
func (r *Redactor) isWhole(v any) bool {
	r.mu.RLock()
	none := len(r.whole) == 0
	r.mu.RUnlock()
	if none {
		return false
	}
	k, ok := wholeKey(v)
	if !ok {
		return false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, found := r.whole[k]
	return found
}

// Add adds literal secret values (and their escaped and per-line
// variants). A value shorter than MinSecretLen is searched for in text
// only as a whole quoted string, and masked in plan JSON where a value
// equals it; the empty string is ignored.
func (r *Redactor) Add(values ...string) {
	var add, short []string
	for _, v := range values {
		add, short = appendVariants(add, short, v, 0)
	}
	if len(add) == 0 && len(short) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	changed := false
	for _, s := range short {
		if _, ok := r.short[s]; ok {
			continue
		}
		r.short[s] = struct{}{}
		for _, q := range quotedForms(s) {
			r.quoted[q] = struct{}{}
			if _, ok := r.secrets[q]; !ok {
				r.secrets[q] = struct{}{}
				changed = true
			}
		}
	}
	for _, s := range add {
		if len(s) < MinSecretLen {
			continue
		}
		if _, ok := r.secrets[s]; !ok {
			r.secrets[s] = struct{}{}
			changed = true
		}
	}
	if changed {
		r.rebuild()
	}
}

// quotedForms are the whole quoted strings a short value s is replaced
// in: quoted as JSON (with and without HTML escaping), as HCL, and as Go.
func quotedForms(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, inner := range escapedForms(s) {
		q := `"` + inner + `"`
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}

// escapedForms are s as it may appear between quotes: as written,
// JSON-escaped with and without HTML escaping, HCL-quoted (template
// sequences escaped) and Go-quoted.
func escapedForms(s string) []string {
	out := []string{s}
	if j, err := json.Marshal(s); err == nil { // HTML-escaped, as Go's encoder writes
		out = append(out, string(j[1:len(j)-1]))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) == nil {
		j := strings.TrimSuffix(buf.String(), "\n")
		plain := j[1 : len(j)-1]
		out = append(out, plain)
		// HCL quoting in the human plan also escapes template sequences.
		out = append(out, strings.NewReplacer("${", "$${", "%{", "%%{").Replace(plain))
	}
	q := strconv.Quote(s)
	return append(out, q[1:len(q)-1])
}

// rebuild makes the replacer; longer secrets come first, so that where two
// secrets match at the same position the longer one wins.
func (r *Redactor) rebuild() {
	list := slices.SortedFunc(maps.Keys(r.secrets), func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b))
	})
	pairs := make([]string, 0, 2*len(list))
	r.maxLen = 0
	for _, s := range list {
		m := Mask
		if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
			if _, ok := r.quoted[s]; ok {
				m = `"` + Mask + `"` // a quoted short secret keeps its quotes
			}
		}
		pairs = append(pairs, s, m)
		r.maxLen = max(r.maxLen, len(s))
	}
	r.repl = strings.NewReplacer(pairs...)
}

// Len says how many distinct strings (values and their variants) the
// redactor searches for.
func (r *Redactor) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.secrets)
}

// Redact returns s with every known secret replaced by Mask (a short
// secret only where it stands as a whole quoted string; the quotes stay).
func (r *Redactor) Redact(s string) string {
	r.mu.RLock()
	repl := r.repl
	r.mu.RUnlock()
	if repl == nil {
		return s
	}
	return repl.Replace(s)
}

// contains reports whether s is a known secret value (of any length).
func (r *Redactor) contains(s string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if _, ok := r.short[s]; ok {
		return true
	}
	_, ok := r.secrets[s]
	return ok
}

func (r *Redactor) longest() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.maxLen
}

// RedactPlan returns a deep copy of plan that is safe to show. It redacts
// by structure first: every value under a sensitive path (Terraform's
// before_sensitive/after_sensitive, sensitive_values, sensitive outputs and
// variables) is replaced whole, keys included, whatever its length — a map
// marked sensitive becomes Mask, not a map of masked values. In a change,
// a value sensitive on either side is masked on both; the "after" side
// reads ChangedMask where the value changed, so that a redacted change is
// still a change (nulls and empty collections, which hold nothing, stay
// as they are). The sensitivity marks themselves are kept.
//
// Then, to catch the values Terraform leaks into unmarked attributes (in
// changes, planned_values, prior_state, outputs and variables): a map or
// list equal to a known sensitive one is masked whole, keys included; a
// string or number equal to a known sensitive value (or to a leaf or key
// of one), of any length, is masked; and every string in the document
// (and every key below a resource's attribute names) has the known
// secrets of MinSecretLen or more removed as text. A sensitive output's
// type becomes "dynamic" (an object type names its keys). Where that makes the
// two sides of a change look equal though they differ, "after" reads
// ChangedMask.
//
// The input is not modified. Classify the original, not the copy: a
// classifier sees on the copy that a sensitive value changed, but not
// which of its keys.
func RedactPlan(plan *tfjson.Plan) *tfjson.Plan {
	return NewRedactor(plan).RedactPlan(plan)
}

// RedactPlan is like the package-level RedactPlan, but removes the
// secrets r already knows as well as those of plan (r learns them).
// Should the copy fail (it cannot with plans Terraform writes), it
// returns a plan holding only the format and Terraform versions rather
// than anything unredacted.
func (r *Redactor) RedactPlan(plan *tfjson.Plan) *tfjson.Plan {
	if plan == nil {
		return nil
	}
	r.AddPlan(plan)
	failClosed := &tfjson.Plan{FormatVersion: plan.FormatVersion, TerraformVersion: plan.TerraformVersion}
	tree, err := toTree(plan)
	if err != nil {
		return failClosed
	}
	maskAll := func(v any) any {
		if v == nil {
			return nil
		}
		return Mask
	}
	walkPlan(tree, maskAll, r.redactChange)
	r.markValues(tree)
	b, err := json.Marshal(r.redactTree(tree))
	if err != nil {
		return failClosed
	}
	out := &tfjson.Plan{}
	out.UseJSONNumber(true)
	if err := json.Unmarshal(b, out); err != nil {
		return failClosed
	}
	return out
}

// done wraps a value that is already redacted, so that redactTree leaves
// it alone.
type done struct{ v any }

func (d done) MarshalJSON() ([]byte, error) { return json.Marshal(d.v) }

// redactChange redacts before and after of a change together, by its
// masks (see RedactPlan). For outputs the masks are plain booleans.
func (r *Redactor) redactChange(c map[string]any, depth int) {
	if c == nil {
		return
	}
	b, hasB := c["before"]
	a, hasA := c["after"]
	nb, na := r.redactPair(b, a, c["before_sensitive"], c["after_sensitive"], depth)
	if hasB {
		c["before"] = done{nb}
	}
	if hasA {
		c["after"] = done{na}
	}
}

// redactPair walks the two sides of a change and their masks together.
// At depth 0 the keys are a resource's attribute names, which are never
// redacted (they are the schema's, and the paths a classifier reports).
func (r *Redactor) redactPair(b, a, bm, am any, depth int) (any, any) {
	// A value either side marks sensitive, or an unmarked copy of a known
	// sensitive map or list, is masked whole.
	if isTrue(bm) || isTrue(am) || r.isWhole(b) || r.isWhole(a) {
		rb, after := maskWhole(b, Mask), Mask
		if rb == any(Mask) && !equalValues(b, a) {
			after = ChangedMask // both sides masked, yet different
		}
		return rb, maskWhole(a, after)
	}
	bMap, bIsMap := b.(map[string]any)
	aMap, aIsMap := a.(map[string]any)
	if (bIsMap || b == nil) && (aIsMap || a == nil) && (bIsMap || aIsMap) {
		var nb, na map[string]any
		if bIsMap {
			nb = make(map[string]any, len(bMap))
		}
		if aIsMap {
			na = make(map[string]any, len(aMap))
		}
		keys := map[string]bool{}
		for k := range bMap {
			keys[k] = true
		}
		for k := range aMap {
			keys[k] = true
		}
		for k := range keys {
			bv, inB := bMap[k]
			av, inA := aMap[k]
			rb, ra := r.redactPair(bv, av, obj(bm)[k], obj(am)[k], depth+1)
			rk := r.redactKey(k, depth)
			if inB {
				nb[rk] = rb
			}
			if inA {
				na[rk] = ra
			}
		}
		return nilIfNone(nb, bIsMap), nilIfNone(na, aIsMap)
	}
	bList, bIsList := b.([]any)
	aList, aIsList := a.([]any)
	if (bIsList || b == nil) && (aIsList || a == nil) && (bIsList || aIsList) {
		var nb, na []any
		if bIsList {
			nb = make([]any, len(bList))
		}
		if aIsList {
			na = make([]any, len(aList))
		}
		for i := 0; i < max(len(bList), len(aList)); i++ {
			var bv, av any
			if i < len(bList) {
				bv = bList[i]
			}
			if i < len(aList) {
				av = aList[i]
			}
			rb, ra := r.redactPair(bv, av, index(bm, i), index(am, i), depth+1)
			if i < len(bList) {
				nb[i] = rb
			}
			if i < len(aList) {
				na[i] = ra
			}
		}
		return nilIfNone(nb, bIsList), nilIfNone(na, aIsList)
	}
	// Scalars, or values of different kinds: mask each side by both masks
	// (a side may hold marks the other's shape cannot follow), then as text.
	same := equalValues(b, a)
	rb := r.redactValue(applyMask(applyMask(deepCopy(b), bm, maskNonNil), am, maskNonNil), depth)
	ra := r.redactValue(applyMask(applyMask(deepCopy(a), am, maskNonNil), bm, maskNonNil), depth)
	if !same && equalValues(rb, ra) {
		ra = ChangedMask
	}
	return rb, ra
}

func maskNonNil(v any) any {
	if v == nil {
		return nil
	}
	return Mask
}

// maskWhole replaces a sensitive value by m; null and empty collections
// carry nothing and stay.
func maskWhole(v any, m string) any {
	switch t := v.(type) {
	case nil:
		return nil
	case map[string]any:
		if len(t) == 0 {
			return t
		}
	case []any:
		if len(t) == 0 {
			return t
		}
	}
	return m
}

// nilIfNone returns v, or an untyped nil when the side had no collection.
func nilIfNone[T any](v T, present bool) any {
	if !present {
		return nil
	}
	return v
}

func isTrue(v any) bool { b, ok := v.(bool); return ok && b }

func index(v any, i int) any {
	if a := arr(v); i < len(a) {
		return a[i]
	}
	return nil
}

func equalValues(a, b any) bool { return reflect.DeepEqual(a, b) }

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}

// markValues redacts, as values, what RedactPlan's masks left in
// planned_values, prior_state, variables and output values: strings and
// numbers that equal a known secret are masked as a whole.
func (r *Redactor) markValues(p map[string]any) {
	for _, v := range obj(p["variables"]) {
		if pv := obj(v); pv != nil {
			if x, ok := pv["value"]; ok {
				pv["value"] = done{r.redactValue(x, 1)}
			}
		}
	}
	for _, key := range []string{"planned_values", "prior_state"} {
		vals := obj(p[key])
		if key == "prior_state" {
			vals = obj(vals["values"])
		}
		r.markValuesOf(vals)
	}
}

func (r *Redactor) markValuesOf(v map[string]any) {
	if v == nil {
		return
	}
	for _, o := range obj(v["outputs"]) {
		if so := obj(o); so != nil {
			if x, ok := so["value"]; ok {
				so["value"] = done{r.redactValue(x, 1)}
			}
			// An output's type names the keys of its maps and objects:
			// a sensitive output's type says nothing, and a key that is a
			// known secret is masked in any other.
			if t, ok := so["type"]; ok {
				if b, _ := so["sensitive"].(bool); b {
					so["type"] = "dynamic"
				} else {
					so["type"] = done{r.redactTypeKeys(t)}
				}
			}
		}
	}
	var walk func(m map[string]any, depth int)
	walk = func(m map[string]any, depth int) {
		if m == nil || depth > 32 {
			return
		}
		for _, res := range arr(m["resources"]) {
			if rm := obj(res); rm != nil {
				if x, ok := rm["values"]; ok {
					rm["values"] = done{r.redactValue(x, 0)}
				}
			}
		}
		for _, c := range arr(m["child_modules"]) {
			walk(obj(c), depth+1)
		}
	}
	walk(obj(v["root_module"]), 0)
}

// redactValue redacts a value: known secrets are removed from its strings
// and keys as text, and a string or number that equals a known secret (of
// any length) is masked whole.
// At depth 0 the keys are a resource's attribute names, left as they are.
func (r *Redactor) redactValue(v any, depth int) any {
	switch t := v.(type) {
	case string:
		if r.contains(t) {
			return Mask
		}
		return r.Redact(t)
	case json.Number:
		if r.contains(t.String()) {
			return Mask
		}
		return t
	case []any:
		if depth > 0 && r.isWhole(t) {
			return Mask
		}
		out := make([]any, len(t))
		for i := range t {
			out[i] = r.redactValue(t[i], depth+1)
		}
		return out
	case map[string]any:
		if depth > 0 && r.isWhole(t) {
			return Mask
		}
		out := make(map[string]any, len(t))
		for k, val := range t {
			out[r.redactKey(k, depth)] = r.redactValue(val, depth+1)
		}
		return out
	case done:
		return t
	}
	return v
}

// redactTypeKeys masks the attribute names of a JSON-encoded cty type that
// are known secrets (type names themselves are left alone).
func (r *Redactor) redactTypeKeys(v any) any {
	switch t := v.(type) {
	case []any:
		out := make([]any, len(t))
		for i := range t {
			out[i] = r.redactTypeKeys(t[i])
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, val := range t {
			out[r.redactKey(k, 1)] = r.redactTypeKeys(val)
		}
		return out
	}
	return v
}

// redactKey redacts a map key of a value.
//
// A key is only searched as text (secrets of MinSecretLen or more): a key
// that equals a short secret stays, so that the paths of a map that is not
// sensitive read the same in the plan and its redacted copy. A sensitive
// map's keys are hidden with the map, and so are those of an unmarked copy
// of it (isWhole).
func (r *Redactor) redactKey(k string, depth int) string {
	if depth == 0 {
		return k
	}
	return r.Redact(k)
}

// redactTree replaces secrets in every string of a decoded JSON tree, and
// numbers whose text is a secret at least MinSecretLen long. Its keys are
// the plan format's own names and are left alone; values (with their map
// keys) were redacted before and are wrapped in done, which it skips.
func (r *Redactor) redactTree(v any) any {
	switch t := v.(type) {
	case string:
		return r.Redact(t)
	case json.Number:
		if len(t.String()) >= MinSecretLen && r.contains(t.String()) {
			return Mask
		}
		return t
	case []any:
		for i := range t {
			t[i] = r.redactTree(t[i])
		}
		return t
	case map[string]any:
		for k, val := range t {
			t[k] = r.redactTree(val)
		}
		return t
	}
	return v
}

// Writer returns a writer that redacts what passes through it, a line at a
// time, before writing to w: text is held until its line is complete, so
// a secret split across writes is still caught. Call Flush (or Close) at
// the end to write a last line that has no newline. A line longer than
// 64 KiB is passed on in pieces, each cut where no known secret spans it.
func (r *Redactor) Writer(w io.Writer) *LineWriter {
	return &LineWriter{r: r, w: w}
}

// LineWriter is the redacting writer that Redactor.Writer returns.
type LineWriter struct {
	r   *Redactor
	w   io.Writer
	mu  sync.Mutex
	buf []byte
}

const maxPendingLine = 64 << 10

// Write buffers p and writes out, redacted, every complete line.
func (lw *LineWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	lw.buf = append(lw.buf, p...)
	if i := bytes.LastIndexByte(lw.buf, '\n'); i >= 0 {
		if err := lw.emit(i + 1); err != nil {
			return len(p), err
		}
	}
	if len(lw.buf) > maxPendingLine {
		if err := lw.emit(lw.safeCut(len(lw.buf) - lw.r.longest())); err != nil {
			return len(p), err
		}
	}
	return len(p), nil
}

// Flush writes out, redacted, what is held back.
func (lw *LineWriter) Flush() error {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.emit(len(lw.buf))
}

// Close flushes; it does not close the underlying writer.
func (lw *LineWriter) Close() error { return lw.Flush() }

// emit writes buf[:n] redacted and keeps the rest.
func (lw *LineWriter) emit(n int) error {
	if n <= 0 {
		return nil
	}
	out := lw.r.Redact(string(lw.buf[:n]))
	lw.buf = append(lw.buf[:0], lw.buf[n:]...)
	if lw.w == nil {
		return nil
	}
	_, err := io.WriteString(lw.w, out)
	return err
}

// safeCut moves cut left until no known secret occurrence straddles it.
func (lw *LineWriter) safeCut(cut int) int {
	lw.r.mu.RLock()
	defer lw.r.mu.RUnlock()
	for moved := true; moved && cut > 0; {
		moved = false
		for s := range lw.r.secrets {
			lo := max(0, cut-len(s)+1)
			hi := min(len(lw.buf), cut+len(s)-1)
			if lo >= hi {
				continue
			}
			if i := bytes.Index(lw.buf[lo:hi], []byte(s)); i >= 0 && lo+i < cut {
				cut = lo + i
				moved = true
			}
		}
	}
	return cut
}

// --- collecting secrets -----------------------------------------------

// appendVariants adds s and the forms in which Terraform may print it to
// out, or s itself to short when it is shorter than MinSecretLen (the
// leaves of a JSON document likewise).
func appendVariants(out, short []string, s string, depth int) ([]string, []string) {
	if s == "" {
		return out, short
	}
	if len(s) < MinSecretLen {
		return out, append(short, s)
	}
	out = append(out, escapedForms(s)...)
	if strings.Contains(s, "\n") {
		for _, line := range strings.Split(s, "\n") {
			if line = strings.TrimSpace(line); len(line) >= MinSecretLen {
				out = append(out, line)
			}
		}
	}
	if depth < 4 {
		if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
			dec := json.NewDecoder(strings.NewReader(t))
			dec.UseNumber()
			var doc any
			if dec.Decode(&doc) == nil {
				for _, leaf := range appendLeaves(nil, doc) {
					out, short = appendVariants(out, short, leaf, depth+1)
				}
			}
		}
	}
	return out, short
}

// appendLeaves adds the string and number leaves of a decoded JSON value.
// Booleans and nulls carry nothing worth searching for.
func appendLeaves(out []string, v any) []string {
	switch t := v.(type) {
	case string:
		out = append(out, t)
	case json.Number:
		out = append(out, t.String())
	case float64:
		out = append(out, strconv.FormatFloat(t, 'f', -1, 64))
	case []any:
		for _, e := range t {
			out = appendLeaves(out, e)
		}
	case map[string]any:
		for _, e := range t {
			out = appendLeaves(out, e)
		}
	}
	return out
}

// appendSensitive adds what a sensitive value holds: its leaves and the
// keys of its maps (a map is marked sensitive as a whole when a key is).
func appendSensitive(out []string, v any) []string {
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			out = appendSensitive(out, e)
		}
		return out
	case map[string]any:
		for k, e := range t {
			out = appendSensitive(append(out, k), e)
		}
		return out
	}
	return appendLeaves(out, v)
}

// toTree turns a tfjson value into a generic JSON tree (numbers as
// json.Number), which the walkers below can read and rewrite.
func toTree(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var tree map[string]any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	return tree, nil
}

// visit is called on each value a sensitivity mark covers; it returns the
// value to put in its place.
type visit func(v any) any

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func arr(v any) []any {
	a, _ := v.([]any)
	return a
}

// walkPlan calls f on every sensitive value of a plan tree outside
// changes, and change on every change object (before/after with their
// masks).
// The depth passed to change is 0 for a resource's changes (the keys of
// before and after are attribute names) and 1 for an output's (its value
// is the user's).
func walkPlan(p map[string]any, f visit, change func(c map[string]any, depth int)) {
	cfg := obj(p["configuration"])
	root := obj(cfg["root_module"])
	sensitiveVars := map[string]bool{}
	for name, v := range obj(root["variables"]) {
		if b, _ := obj(v)["sensitive"].(bool); b {
			sensitiveVars[name] = true
		}
	}
	for name, v := range obj(p["variables"]) {
		if sensitiveVars[name] {
			if pv := obj(v); pv != nil {
				if _, ok := pv["value"]; ok {
					pv["value"] = f(pv["value"])
				}
			}
		}
	}
	walkConfigModule(root, f, 0)
	for _, oc := range obj(p["output_changes"]) {
		change(obj(oc), 1)
	}
	for _, key := range []string{"resource_changes", "resource_drift"} {
		for _, rc := range arr(p[key]) {
			change(obj(obj(rc)["change"]), 0)
		}
	}
	for _, dc := range arr(p["deferred_changes"]) {
		change(obj(obj(obj(dc)["resource_change"])["change"]), 0)
	}
	for _, ai := range arr(p["action_invocations"]) {
		a := obj(ai)
		if a != nil {
			if _, ok := a["config_values"]; ok {
				a["config_values"] = applyMask(a["config_values"], a["config_sensitive"], f)
			}
		}
	}
	walkValues(obj(p["planned_values"]), f)
	walkState(obj(p["prior_state"]), f)
}

// walkConfigModule masks the defaults of sensitive variables, in the root
// module and in module calls.
func walkConfigModule(m map[string]any, f visit, depth int) {
	if m == nil || depth > 32 {
		return
	}
	for _, v := range obj(m["variables"]) {
		cv := obj(v)
		if b, _ := cv["sensitive"].(bool); b {
			if _, ok := cv["default"]; ok {
				cv["default"] = f(cv["default"])
			}
		}
	}
	for _, mc := range obj(m["module_calls"]) {
		walkConfigModule(obj(obj(mc)["module"]), f, depth+1)
	}
}

// walkState calls f on every sensitive value of a state tree.
func walkState(s map[string]any, f visit) {
	walkValues(obj(s["values"]), f)
}

// walkValues handles the common values representation of planned_values
// and state.values: sensitive outputs, and resources by sensitive_values.
func walkValues(v map[string]any, f visit) {
	if v == nil {
		return
	}
	for _, o := range obj(v["outputs"]) {
		so := obj(o)
		if b, _ := so["sensitive"].(bool); b {
			if _, ok := so["value"]; ok {
				so["value"] = f(so["value"])
			}
		}
	}
	walkValuesModule(obj(v["root_module"]), f, 0)
}

func walkValuesModule(m map[string]any, f visit, depth int) {
	if m == nil || depth > 32 {
		return
	}
	for _, r := range arr(m["resources"]) {
		res := obj(r)
		if res == nil {
			continue
		}
		if _, ok := res["values"]; ok {
			res["values"] = applyMask(res["values"], res["sensitive_values"], f)
		}
	}
	for _, c := range arr(m["child_modules"]) {
		walkValuesModule(obj(c), f, depth+1)
	}
}

// maskChange applies before_sensitive to before and after_sensitive to
// after. For outputs the masks are plain booleans.
func maskChange(c map[string]any, f visit) {
	if c == nil {
		return
	}
	if _, ok := c["before"]; ok {
		c["before"] = applyMask(c["before"], c["before_sensitive"], f)
	}
	if _, ok := c["after"]; ok {
		c["after"] = applyMask(c["after"], c["after_sensitive"], f)
	}
}

// applyMask walks value and mask together: where the mask is true, the
// whole value there is sensitive.
func applyMask(value, mask any, f visit) any {
	switch m := mask.(type) {
	case bool:
		if m {
			return f(value)
		}
	case map[string]any:
		if vm, ok := value.(map[string]any); ok {
			for k, sub := range m {
				if vv, ok := vm[k]; ok {
					vm[k] = applyMask(vv, sub, f)
				}
			}
		}
	case []any:
		if va, ok := value.([]any); ok {
			for i := range m {
				if i < len(va) {
					va[i] = applyMask(va[i], m[i], f)
				}
			}
		}
	}
	return value
}
