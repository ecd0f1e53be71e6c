package cloud

import (
	"encoding/json"
	"net"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/driftfix/driftfix/attrpath"
	awspolicy "github.com/hashicorp/awspolicyequivalence"
)

// Values that the provider treats as equal are not drift. Equivalent knows
// the forms that differ between what Terraform keeps in state and what an
// API returns, but mean the same:
//
//   - JSON documents with other whitespace or key order; policy documents
//     (IAM, bucket and key policies) as the AWS provider compares them,
//     with github.com/hashicorp/awspolicyequivalence: a single string where
//     the other side has a one-element list (Action, Resource, Principal
//     values, Condition values), a Statement object where the other has a
//     one-element list, statements and actions in another order, an empty
//     Sid and none, an account ID and its root ARN as principal; and a
//     URL-encoded document as IAM returns it. "Principal": "*" and
//     {"AWS": "*"} differ there, as they do for the provider;
//   - maps in any key order, and nil where the other side has an empty map,
//     list or string (tags = null in state, {} from the API; policy = "" in
//     state, none from the API);
//   - CIDR blocks naming the same network and prefix (10.0.0.1/8 and
//     10.0.0.0/8; IPv6 in any case and compression), IP addresses likewise;
//   - set-typed lists (security group rules and their CIDR lists, security
//     group IDs, …) in any order;
//   - IP protocols by name or number ("tcp" and "6", "all" and "-1"), as
//     the provider suppresses that difference;
//   - numbers of any Go type, 1 and 1.0, and a number or bool where the
//     provider keeps a string ("true", "80").

// setAttrs are attribute names whose lists are sets in the AWS provider's
// schemas: their order carries no meaning.
var setAttrs = map[string]bool{
	"ingress":                true,
	"egress":                 true,
	"cidr_blocks":            true,
	"ipv6_cidr_blocks":       true,
	"prefix_list_ids":        true,
	"security_groups":        true,
	"vpc_security_group_ids": true,
	"security_group_ids":     true,
	"subnet_ids":             true,
	"grant":                  true,
	"permissions":            true,
	"rule":                   true,
	"managed_policy_arns":    true,
	"aliases":                true,
	"users":                  true,
	"roles":                  true,
	"groups":                 true,
	"client_id_list":         true,
	"thumbprint_list":        true,
	"route":                  true,
	"propagating_vgws":       true,
	"route_table_ids":        true,
	"cors_rule":              true,
	"allowed_headers":        true,
	"allowed_methods":        true,
	"allowed_origins":        true,
	"expose_headers":         true,
	"events":                 true,
	"topic":                  true,
	"queue":                  true,
	"lambda_function":        true,
	"transition":             true,
	"attribute":              true,
	// CloudWatch metric alarms' actions.
	"alarm_actions":             true,
	"ok_actions":                true,
	"insufficient_data_actions": true,
	// Compute and edge.
	"vpc_zone_identifier":       true,
	"target_group_arns":         true,
	"tag":                       true,
	"public_access_cidrs":       true,
	"enabled_cluster_log_types": true,
	"resources":                 true,
	"subnets":                   true,
	"records":                   true,
	"vpc":                       true,
	"origin":                    true,
	"cached_methods":            true,
}

// Equivalent reports whether the expected (state) and actual (live) values
// of attribute name are equal after the provider's normalisation.
func Equivalent(name string, expected, actual any) bool {
	return equivalent(name, plain(expected), plain(actual), false)
}

// equivalent compares plain values. inList is true for the elements of a
// list: there an object is a nested block, and only the keys the live side
// reports count (a reader may leave out block attributes it does not read).
func equivalent(name string, a, b any, inList bool) bool {
	if isEmpty(a) && isEmpty(b) && (a == nil || b == nil || reflect.TypeOf(a) == reflect.TypeOf(b)) {
		return true
	}
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			return b == nil && len(av) == 0
		}
		for _, k := range mapKeys(av, bv, inList) {
			if !equivalent(k, av[k], bv[k], false) {
				return false
			}
		}
		return true
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		if setAttrs[name] {
			_, _, removed, added := attrpath.MatchSet(av, bv, func(x, y any) bool { return equivalent(name, x, y, true) })
			return len(removed) == 0 && len(added) == 0
		}
		for i := range av {
			if !equivalent(name, av[i], bv[i], true) {
				return false
			}
		}
		return true
	}
	switch b.(type) {
	case map[string]any, []any:
		return false
	}
	if name == "protocol" || name == "ip_protocol" {
		if as, ok := a.(string); ok {
			if bs, ok := b.(string); ok {
				return NormalProtocol(as) == NormalProtocol(bs)
			}
		}
	}
	return scalarEqual(a, b)
}

// mapKeys lists the keys to compare, sorted: the live side's keys for a
// block (inList), else every key of either side.
func mapKeys(expected, actual map[string]any, inList bool) []string {
	seen := map[string]bool{}
	for k := range actual {
		seen[k] = true
	}
	if !inList || actual == nil {
		for k := range expected {
			seen[k] = true
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// isEmpty: nil, an empty map, list or string. The provider keeps "" for an
// optional string that is not set, where an API has no value at all.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

// scalarEqual compares two non-collection values.
func scalarEqual(a, b any) bool {
	if a == b {
		return true
	}
	switch av := a.(type) {
	case string:
		switch bv := b.(type) {
		case string:
			return stringsEquivalent(av, bv)
		case bool, float64:
			return stringScalarEqual(av, bv)
		}
	case bool, float64:
		if bs, ok := b.(string); ok {
			return stringScalarEqual(bs, av)
		}
	}
	return false
}

// stringScalarEqual compares a string the provider stores with a bool or
// number: "true" = true, "80" = 80, "1.0" = 1.
func stringScalarEqual(s string, v any) bool {
	switch x := v.(type) {
	case bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		return err == nil && b == x && (s == "true" || s == "false")
	case float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return err == nil && f == x
	}
	return false
}

// stringsEquivalent compares two strings that differ byte for byte: as
// JSON documents (policies as the AWS provider compares them), CIDR blocks
// or IP addresses.
func stringsEquivalent(a, b string) bool {
	if ta, da, ok := parseJSONDoc(a); ok {
		tb, db, ok := parseJSONDoc(b)
		if !ok {
			return false
		}
		if isPolicy(da) && isPolicy(db) {
			same, err := awspolicy.PoliciesAreEquivalent(ta, tb)
			return err == nil && same
		}
		return reflect.DeepEqual(da, db)
	}
	if strings.Contains(a, "/") && strings.Contains(b, "/") {
		_, na, errA := net.ParseCIDR(strings.TrimSpace(a))
		_, nb, errB := net.ParseCIDR(strings.TrimSpace(b))
		if errA == nil && errB == nil {
			return na.String() == nb.String()
		}
		return false
	}
	if ia, ib := net.ParseIP(strings.TrimSpace(a)), net.ParseIP(strings.TrimSpace(b)); ia != nil && ib != nil {
		return ia.Equal(ib)
	}
	return false
}

// parseJSONDoc decodes a JSON object or array held in a string, and
// returns its text and its value; IAM returns policy documents
// URL-encoded, so those are decoded first.
func parseJSONDoc(s string) (string, any, bool) {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "%7B") || strings.HasPrefix(t, "%7b") {
		if u, err := url.QueryUnescape(t); err == nil {
			t = strings.TrimSpace(u)
		}
	}
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return "", nil, false
	}
	var v any
	if err := json.Unmarshal([]byte(t), &v); err != nil {
		return "", nil, false
	}
	return t, v, true
}

// isPolicy reports whether a decoded JSON document is a policy document
// (IAM, bucket, key policy): an object with a Statement.
func isPolicy(doc any) bool {
	m, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m["Statement"]
	return ok
}

// plain converts a value to the JSON shapes the comparison works on:
// numbers of any type become float64, typed slices and string-keyed maps
// become []any and map[string]any.
func plain(v any) any {
	switch x := v.(type) {
	case nil, string, bool, float64:
		return v
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return f
		}
		return x.String()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.Bool:
		return rv.Bool()
	case reflect.String:
		return rv.String()
	case reflect.Pointer:
		if rv.IsNil() {
			return nil
		}
		return plain(rv.Elem().Interface())
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return nil
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = plain(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return v
		}
		if rv.IsNil() {
			return nil
		}
		out := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			out[it.Key().String()] = plain(it.Value().Interface())
		}
		return out
	}
	return v
}
