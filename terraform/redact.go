package terraform

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	tfjson "github.com/hashicorp/terraform-json"
)

// Mask replaces every sensitive value that the redactor removes.
const Mask = "(sensitive)"

// MinSecretLen is the shortest value searched for in text. Shorter
// sensitive values ("1", "yes") are still masked structurally by
// RedactPlan, but replacing every occurrence of them in free text would
// mask ordinary words and numbers, and a secret that short protects
// nothing anyway.
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
// lines.
type Redactor struct {
	mu      sync.RWMutex
	secrets map[string]struct{}
	repl    *strings.Replacer // rebuilt when secrets change
	maxLen  int
}

// NewRedactor returns a Redactor that knows every sensitive value in plan
// (which may be nil).
func NewRedactor(plan *tfjson.Plan) *Redactor {
	r := &Redactor{secrets: map[string]struct{}{}}
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
	walkPlan(tree, func(v any) any {
		found = appendLeaves(found, v)
		return v
	})
	r.Add(found...)
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
	walkState(tree, func(v any) any {
		found = appendLeaves(found, v)
		return v
	})
	r.Add(found...)
}

// Add adds literal secret values (and their escaped and per-line
// variants). Values shorter than MinSecretLen are ignored.
func (r *Redactor) Add(values ...string) {
	var add []string
	for _, v := range values {
		add = appendVariants(add, v, 0)
	}
	if len(add) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	changed := false
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

// rebuild makes the replacer; longer secrets come first, so that where two
// secrets match at the same position the longer one wins.
func (r *Redactor) rebuild() {
	list := make([]string, 0, len(r.secrets))
	for s := range r.secrets {
		list = append(list, s)
	}
	sort.Slice(list, func(i, j int) bool {
		if len(list[i]) != len(list[j]) {
			return len(list[i]) > len(list[j])
		}
		return list[i] < list[j]
	})
	pairs := make([]string, 0, 2*len(list))
	r.maxLen = 0
	for _, s := range list {
		pairs = append(pairs, s, Mask)
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

// Redact returns s with every known secret replaced by Mask.
func (r *Redactor) Redact(s string) string {
	r.mu.RLock()
	repl := r.repl
	r.mu.RUnlock()
	if repl == nil {
		return s
	}
	return repl.Replace(s)
}

func (r *Redactor) contains(s string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, ok := r.secrets[s]
	return ok
}

func (r *Redactor) longest() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.maxLen
}

// RedactPlan returns a deep copy of plan that is safe to show: every value
// a sensitivity mask covers is replaced by Mask, and then every string in
// the whole document (values, configuration expressions, map keys) has
// the secrets of plan removed, which catches the values Terraform leaks
// into unmarked attributes. The input is not modified. Use the copy for
// display only: a classifier needs the original, because a changed secret
// looks unchanged once both sides read "(sensitive)".
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
	walkPlan(tree, func(v any) any {
		if v == nil {
			return nil
		}
		return Mask
	})
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

// redactTree replaces secrets in every string and map key of a decoded
// JSON tree, and numbers whose text is a secret.
func (r *Redactor) redactTree(v any) any {
	switch t := v.(type) {
	case string:
		return r.Redact(t)
	case json.Number:
		if r.contains(t.String()) {
			return Mask
		}
		return t
	case []any:
		for i := range t {
			t[i] = r.redactTree(t[i])
		}
		return t
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, val := range t {
			out[r.Redact(k)] = r.redactTree(val)
		}
		return out
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

// appendVariants adds s and the forms in which Terraform may print it.
func appendVariants(out []string, s string, depth int) []string {
	if len(s) < MinSecretLen {
		return out
	}
	out = append(out, s)
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
	out = append(out, q[1:len(q)-1])
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
					out = appendVariants(out, leaf, depth+1)
				}
			}
		}
	}
	return out
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

// walkPlan calls f on every sensitive value of a plan tree.
func walkPlan(p map[string]any, f visit) {
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
		maskChange(obj(oc), f)
	}
	for _, key := range []string{"resource_changes", "resource_drift"} {
		for _, rc := range arr(p[key]) {
			maskChange(obj(obj(rc)["change"]), f)
		}
	}
	for _, dc := range arr(p["deferred_changes"]) {
		maskChange(obj(obj(obj(dc)["resource_change"])["change"]), f)
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
