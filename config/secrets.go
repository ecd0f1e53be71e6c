package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// rawSecrets is the secrets { … } block.
type rawSecrets struct {
	DefRange hcl.Range `hcl:",def_range"`

	DeactivateLeakedKeys *bool          `hcl:"deactivate_leaked_keys,optional"`
	Variables            hcl.Expression `hcl:"variables,optional"`
}

// Secrets says what driftfix does about hardcoded secrets beyond fixing
// the code.
type Secrets struct {
	// DeactivateLeakedKeys lets driftfix set a leaked AWS access key found
	// in the code (or its history) Inactive in the account it runs against
	// (never delete it). Off by default.
	DeactivateLeakedKeys bool
	// Variables names the variable a hardcoded secret moves to, by the
	// finding's address and attribute ("aws_db_instance.db.password").
	Variables []SecretVariable
}

// SecretVariable is one entry of secrets { variables }: the finding's
// place (Key) and the variable's name (Name, with its range).
type SecretVariable struct {
	Key  string
	Name Ref
}

// Secrets returns the secrets settings (everything off without the block).
func (c *Config) Secrets() Secrets {
	if c.secrets == nil {
		return Secrets{}
	}
	s := *c.secrets
	s.Variables = append([]SecretVariable(nil), s.Variables...)
	return s
}

func (rs *rawSecrets) validate() (Secrets, hcl.Diagnostics) {
	var s Secrets
	if rs.DeactivateLeakedKeys != nil {
		s.DeactivateLeakedKeys = *rs.DeactivateLeakedKeys
	}
	vars, _, diags := stringMap(rs.Variables, "variables", false)
	for _, kv := range vars {
		if !hclsyntax.ValidIdentifier(kv.Value) {
			diags = append(diags, errorAt(kv.ValueRange, "Invalid variable name",
				"variables: %q is not a Terraform variable name (a letter, then letters, digits, _ and -).", kv.Value))
			continue
		}
		s.Variables = append(s.Variables, SecretVariable{Key: kv.Key, Name: Ref{Value: kv.Value, Range: kv.ValueRange}})
	}
	return s, diags
}
