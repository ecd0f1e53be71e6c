package awslocal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SeedError is a problem in a seed file, at a line and column (1-based;
// the column counts bytes).
type SeedError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *SeedError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// checkSeed walks the JSON of a seed against the Seed type before it is
// decoded, so that every mistake is reported where it is: a syntax error,
// an unknown resource type or attribute (a typo), a value of the wrong
// type. It returns the offset of every array element and object key it
// saw, by JSON path, for the checks made after decoding.
func checkSeed(b []byte, file string) (map[string]int, error) {
	w := &seedWalker{src: b, file: file, dec: json.NewDecoder(bytes.NewReader(b)), at: map[string]int{}}
	w.dec.UseNumber()
	if err := w.value(reflect.TypeOf(Seed{}), "", true); err != nil {
		return nil, err
	}
	if off := w.next(); off < len(w.src) {
		return nil, w.errAt(off, "unexpected data after the seed object")
	}
	return w.at, nil
}

type seedWalker struct {
	src  []byte
	file string
	dec  *json.Decoder
	at   map[string]int // JSON path -> offset
}

// next is the offset where the next token starts.
func (w *seedWalker) next() int {
	i := int(w.dec.InputOffset())
	for i < len(w.src) && strings.IndexByte(" \t\r\n,:", w.src[i]) >= 0 {
		i++
	}
	return i
}

func (w *seedWalker) errAt(off int, format string, args ...any) error {
	line, col := lineCol(w.src, off)
	return &SeedError{File: w.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(src []byte, off int) (int, int) {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	col := off + 1
	if i := bytes.LastIndexByte(src[:off], '\n'); i >= 0 {
		col = off - i
	}
	return line, col
}

// token reads the next token; a syntax error is reported where it is.
func (w *seedWalker) token() (json.Token, int, error) {
	off := w.next()
	tok, err := w.dec.Token()
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, int(se.Offset) - 1, w.errAt(int(se.Offset)-1, "JSON syntax error: %s", se.Error())
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, len(w.src), w.errAt(len(w.src), "unexpected end of the file")
		}
		return nil, off, w.errAt(off, "%v", err)
	}
	return tok, off, nil
}

// value checks one JSON value against t; path names it.
func (w *seedWalker) value(t reflect.Type, path string, top bool) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, off, err := w.token()
	if err != nil {
		return err
	}
	w.at[path] = off
	want := kindName(t)
	switch v := tok.(type) {
	case nil:
		return nil // null: absent
	case json.Delim:
		switch v {
		case '{':
			switch t.Kind() {
			case reflect.Struct:
				return w.object(t, path, top)
			case reflect.Map:
				return w.mapObject(t, path)
			}
		case '[':
			if t.Kind() == reflect.Slice {
				return w.array(t, path)
			}
		}
		return w.errAt(off, "%s: want %s, got %s", describe(path), want, delimName(v))
	case string:
		if t.Kind() == reflect.String {
			return nil
		}
		return w.errAt(off, "%s: want %s, got a string (%q)", describe(path), want, v)
	case bool:
		if t.Kind() == reflect.Bool {
			return nil
		}
		return w.errAt(off, "%s: want %s, got %v", describe(path), want, v)
	case json.Number:
		switch t.Kind() {
		case reflect.Int, reflect.Int32, reflect.Int64:
			if _, err := strconv.ParseInt(v.String(), 10, 64); err != nil {
				return w.errAt(off, "%s: want a whole number, got %s", describe(path), v)
			}
			return nil
		case reflect.Float32, reflect.Float64:
			return nil
		}
		return w.errAt(off, "%s: want %s, got the number %s", describe(path), want, v)
	}
	return w.errAt(off, "%s: unexpected %v", describe(path), tok)
}

func (w *seedWalker) object(t reflect.Type, path string, top bool) error {
	fields := map[string]reflect.Type{}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = f.Type
		names = append(names, name)
	}
	seen := map[string]bool{}
	for w.dec.More() {
		tok, off, err := w.token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		ft, ok := fields[key]
		if !ok {
			if top {
				return w.errAt(off, "unknown resource type %q (awslocal seeds %s)", key, strings.Join(resourceKeys(names), ", "))
			}
			msg := fmt.Sprintf("%s: unknown attribute %q", describe(path), key)
			if s := closest(key, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += fmt.Sprintf(" (known: %s)", strings.Join(names, ", "))
			}
			return w.errAt(off, "%s", msg)
		}
		if seen[key] {
			return w.errAt(off, "%s: %q is given twice", describe(path), key)
		}
		seen[key] = true
		if err := w.value(ft, join(path, key), false); err != nil {
			return err
		}
	}
	_, _, err := w.token() // }
	return err
}

func (w *seedWalker) mapObject(t reflect.Type, path string) error {
	for w.dec.More() {
		tok, _, err := w.token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if err := w.value(t.Elem(), join(path, key), false); err != nil {
			return err
		}
	}
	_, _, err := w.token()
	return err
}

func (w *seedWalker) array(t reflect.Type, path string) error {
	for i := 0; w.dec.More(); i++ {
		if err := w.value(t.Elem(), fmt.Sprintf("%s[%d]", path, i), false); err != nil {
			return err
		}
	}
	_, _, err := w.token()
	return err
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// describe names a JSON path for a message.
func describe(path string) string {
	if path == "" {
		return "the seed"
	}
	return path
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return t.String()
}

func delimName(d json.Delim) string {
	if d == '{' {
		return "an object"
	}
	return "a list"
}

func resourceKeys(names []string) []string {
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, "aws_") {
			out = append(out, n)
		}
	}
	return out
}

// closest is the known name within two edits of s ("" when none).
func closest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// validate checks what the types cannot: required attributes, the values
// an attribute may take, IDs given twice. at holds the offsets checkSeed
// saw.
func (s *Seed) validate(src []byte, file string, at map[string]int) error {
	fail := func(path, format string, args ...any) error {
		off, ok := at[path]
		for !ok && path != "" { // an absent attribute: point at its resource
			if i := strings.LastIndexAny(path, ".["); i >= 0 {
				path = path[:i]
			} else {
				path = ""
			}
			off, ok = at[path]
		}
		line, col := lineCol(src, off)
		return &SeedError{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
	}
	required := func(path, name, v string) error {
		if strings.TrimSpace(v) == "" {
			return fail(path+"."+name, "%s: %q is required", path, name)
		}
		return nil
	}
	oneOf := func(path, v string, allowed ...string) error {
		if v != "" && !slices.Contains(allowed, v) {
			return fail(path, "%s: %q is not one of %s", path, v, strings.Join(allowed, ", "))
		}
		return nil
	}
	unique := map[string]string{} // type/id -> path
	once := func(path, typ, id string) error {
		if id == "" {
			return nil
		}
		if first, dup := unique[typ+"/"+id]; dup {
			return fail(path, "%s: %s %q is already seeded at %s", path, typ, id, first)
		}
		unique[typ+"/"+id] = path
		return nil
	}
	var errs []error
	for i, b := range s.S3Buckets {
		p := fmt.Sprintf("aws_s3_bucket[%d]", i)
		errs = append(errs, required(p, "bucket", b.Bucket), once(p, "bucket", b.Bucket))
		if v := b.VersioningConfiguration; v != nil {
			errs = append(errs, oneOf(p+".versioning_configuration.status", v.Status, "Enabled", "Suspended"),
				oneOf(p+".versioning_configuration.mfa_delete", v.MFADelete, "Enabled", "Disabled"))
		}
		if sse := b.ServerSideEncryptionConfiguration; sse != nil {
			for j, r := range sse.Rule {
				if d := r.ApplyServerSideEncryptionByDefault; d != nil {
					rp := fmt.Sprintf("%s.server_side_encryption_configuration.rule[%d].apply_server_side_encryption_by_default", p, j)
					errs = append(errs, required(rp, "sse_algorithm", d.SSEAlgorithm), oneOf(rp+".sse_algorithm", d.SSEAlgorithm, "AES256", "aws:kms", "aws:kms:dsse"))
				}
			}
		}
		if l := b.Logging; l != nil {
			errs = append(errs, required(p+".logging", "target_bucket", l.TargetBucket))
		}
	}
	for i, g := range s.SecurityGroups {
		p := fmt.Sprintf("aws_security_group[%d]", i)
		errs = append(errs, required(p, "name", g.Name), once(p, "security group", g.ID))
		for _, rules := range []struct {
			name  string
			rules []SecurityRule
		}{{"ingress", g.Ingress}, {"egress", g.Egress}} {
			for j, r := range rules.rules {
				errs = append(errs, required(fmt.Sprintf("%s.%s[%d]", p, rules.name, j), "protocol", r.Protocol))
			}
		}
	}
	states := []string{"pending", "running", "shutting-down", "stopping", "stopped", "terminated"}
	for i, in := range s.Instances {
		p := fmt.Sprintf("aws_instance[%d]", i)
		errs = append(errs, required(p, "ami", in.AMI), required(p, "instance_type", in.InstanceType),
			oneOf(p+".instance_state", in.InstanceState, states...), once(p, "instance", in.ID))
		if m := in.MetadataOptions; m != nil {
			errs = append(errs, oneOf(p+".metadata_options.http_tokens", m.HTTPTokens, "optional", "required"),
				oneOf(p+".metadata_options.http_endpoint", m.HTTPEndpoint, "enabled", "disabled"))
		}
	}
	for i, v := range s.EBSVolumes {
		p := fmt.Sprintf("aws_ebs_volume[%d]", i)
		errs = append(errs, required(p, "availability_zone", v.AvailabilityZone), once(p, "volume", v.ID))
		if v.Size <= 0 {
			errs = append(errs, fail(p+".size", "%s: \"size\" must be a positive number of GiB", p))
		}
	}
	for i, d := range s.DBInstances {
		p := fmt.Sprintf("aws_db_instance[%d]", i)
		errs = append(errs, required(p, "identifier", d.Identifier), required(p, "engine", d.Engine),
			required(p, "instance_class", d.InstanceClass), once(p, "DB instance", strings.ToLower(d.Identifier)))
	}
	for i, r := range s.IAMRoles {
		p := fmt.Sprintf("aws_iam_role[%d]", i)
		errs = append(errs, required(p, "name", r.Name), required(p, "assume_role_policy", r.AssumeRolePolicy), once(p, "role", r.Name))
		if r.AssumeRolePolicy != "" && !json.Valid([]byte(r.AssumeRolePolicy)) {
			errs = append(errs, fail(p+".assume_role_policy", "%s: assume_role_policy is not a JSON document", p))
		}
		for j, ip := range r.InlinePolicy {
			ipp := fmt.Sprintf("%s.inline_policy[%d]", p, j)
			errs = append(errs, required(ipp, "name", ip.Name), required(ipp, "policy", ip.Policy))
		}
	}
	users := map[string]bool{}
	for i, u := range s.IAMUsers {
		p := fmt.Sprintf("aws_iam_user[%d]", i)
		errs = append(errs, required(p, "name", u.Name), once(p, "user", u.Name))
		users[u.Name] = true
	}
	for i, k := range s.IAMAccessKeys {
		p := fmt.Sprintf("aws_iam_access_key[%d]", i)
		errs = append(errs, required(p, "id", k.ID), required(p, "user", k.User), once(p, "access key", k.ID),
			oneOf(p+".status", k.Status, "Active", "Inactive"))
		if k.ID != "" && !accessKeyIDRE.MatchString(k.ID) {
			errs = append(errs, fail(p+".id", "%s: id %q is not an access key ID (AKIA or ASIA and 16 upper-case letters and digits)", p, k.ID))
		}
		if k.User != "" && !users[k.User] {
			errs = append(errs, fail(p+".user", "%s: user %q is not a seeded aws_iam_user", p, k.User))
		}
		for _, d := range []struct{ name, v string }{{"create_date", k.CreateDate}, {"last_used_date", k.LastUsedDate}} {
			if _, err := time.Parse(time.RFC3339, d.v); d.v != "" && err != nil {
				errs = append(errs, fail(p+"."+d.name, "%s: %s %q is not an RFC 3339 time", p, d.name, d.v))
			}
		}
	}
	for i, k := range s.KMSKeys {
		p := fmt.Sprintf("aws_kms_key[%d]", i)
		errs = append(errs, once(p, "key", k.KeyID),
			oneOf(p+".key_manager", k.KeyManager, "AWS", "CUSTOMER"),
			oneOf(p+".key_state", k.KeyState, "Enabled", "Disabled", "PendingDeletion", "PendingImport", "Unavailable"),
			oneOf(p+".key_usage", k.KeyUsage, "ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"))
		for j, a := range k.Aliases {
			if !strings.HasPrefix(a, "alias/") {
				errs = append(errs, fail(fmt.Sprintf("%s.aliases[%d]", p, j), "%s: alias %q must start with alias/", p, a))
			}
		}
	}
	return errors.Join(errs...)
}
