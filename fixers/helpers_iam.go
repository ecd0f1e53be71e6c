package fixers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/driftfix/driftfix/iac"
	"github.com/hashicorp/hcl/v2"
)

// iamStatement is one statement of a policy document as the IAM rules read
// it: from a policy attribute (JSON or jsonencode) or a statement block of
// an aws_iam_policy_document.
type iamStatement struct {
	res       *iac.Resource
	rng       hcl.Range
	label     string
	allow     bool     // Effect Allow (the default of a document block)
	deny      bool     // Effect Deny
	actions   []string // the known actions
	unknown   bool     // some action is not known
	condition bool     // the statement has a condition (or one that is not known)
}

// iamStatements returns every statement of every policy in the module.
func iamStatements(m *iac.Module) []iamStatement {
	var out []iamStatement
	fromAttr := func(r *iac.Resource, a *iac.Attr) {
		if a == nil {
			return
		}
		doc, ok := iamPolicyDocument(r, a)
		if !ok {
			return
		}
		dm, ok := doc.(map[string]any)
		if !ok {
			return
		}
		var stmts []any
		switch s := dm["Statement"].(type) {
		case map[string]any:
			stmts = []any{s}
		case []any:
			stmts = s
		}
		for i, s := range stmts {
			sm, ok := s.(map[string]any)
			if !ok {
				continue
			}
			st := iamStatement{res: r, rng: iamStatementRange(a, i), label: fmt.Sprintf("policy statement %d", i+1)}
			if sid, ok := sm["Sid"].(string); ok && sid != "" {
				st.label = fmt.Sprintf("policy statement %q", sid)
			}
			e, set := sm["Effect"].(string)
			st.allow = set && e == "Allow"
			st.deny = set && e == "Deny"
			switch x := sm["Action"].(type) {
			case string:
				st.actions = []string{x}
			case []any:
				for _, v := range x {
					if s, ok := v.(string); ok {
						st.actions = append(st.actions, s)
					} else {
						st.unknown = true
					}
				}
			default:
				st.unknown = true
			}
			_, st.condition = sm["Condition"]
			out = append(out, st)
		}
	}
	for _, r := range m.Resources {
		switch {
		case r.Mode == iac.Data && r.Type == "aws_iam_policy_document":
			for i, b := range r.Block.Nested("statement") {
				if b.Dynamic {
					continue
				}
				st := iamStatement{res: r, rng: b.Range, label: fmt.Sprintf("statement %d", i+1)}
				if sid, ok := b.String("sid"); ok == iac.Known && sid != "" {
					st.label = fmt.Sprintf("statement %q", sid)
				}
				e, est := b.String("effect")
				st.allow = est == iac.Absent || est == iac.Known && e == "Allow"
				st.deny = est == iac.Known && e == "Deny"
				acts, ast := b.Strings("actions")
				st.actions, st.unknown = acts, ast == iac.Unknown
				st.condition = len(b.Nested("condition")) > 0
				out = append(out, st)
			}
		case r.Mode != iac.Managed:
		case r.Type == "aws_iam_role":
			for _, ip := range r.Block.Nested("inline_policy") {
				fromAttr(r, ip.Attr("policy"))
			}
		case slices.Contains(iamPolicyTypes, r.Type):
			fromAttr(r, r.Block.Attr("policy"))
		}
	}
	return out
}

// iamAllows returns the statements that allow action (exactly, ignoring
// case) in policies whose statements do not also deny it, as trivy reads
// them.
func iamAllows(m *iac.Module, action string) []iamStatement {
	all := iamStatements(m)
	denied := map[*iac.Resource]bool{}
	for _, st := range all {
		if st.deny && st.has(action) {
			denied[st.res] = true
		}
	}
	var out []iamStatement
	for _, st := range all {
		if st.allow && st.has(action) && !denied[st.res] {
			out = append(out, st)
		}
	}
	return out
}

func (s iamStatement) has(action string) bool {
	for _, a := range s.actions {
		if strings.EqualFold(a, action) {
			return true
		}
	}
	return false
}

// iamNoFix is why the IAM policy rules never fix.
const iamNoFix = "narrowing an IAM policy needs someone who knows which actions and resources the principal uses; driftfix never changes permissions"
