package tfstate

import (
	"github.com/driftfix/driftfix/iac"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// providerRegions maps each resource to the constant region of the provider
// configuration its block uses in a plan's configuration. It returns ""
// when the configuration does not say (no configuration, a region from a
// variable or the environment).
func providerRegions(cfg *tfjson.Config) func(Resource) string {
	if cfg == nil || cfg.RootModule == nil {
		return nil
	}
	regionOf := map[string]string{} // provider config key -> constant region
	for key, pc := range cfg.ProviderConfigs {
		if pc == nil {
			continue
		}
		if e := pc.Expressions["region"]; e != nil && e.ExpressionData != nil {
			if s, ok := e.ConstantValue.(string); ok {
				regionOf[key] = s
			}
		}
	}
	keyOf := map[string]string{} // config address (module.a.aws_x.y) -> provider config key
	var walk func(prefix string, m *tfjson.ConfigModule)
	walk = func(prefix string, m *tfjson.ConfigModule) {
		if m == nil {
			return
		}
		for _, r := range m.Resources {
			if r != nil && r.Mode == tfjson.ManagedResourceMode {
				keyOf[prefix+r.Type+"."+r.Name] = r.ProviderConfigKey
			}
		}
		for name, call := range m.ModuleCalls {
			if call != nil {
				walk(prefix+"module."+name+".", call.Module)
			}
		}
	}
	walk("", cfg.RootModule)
	return func(r Resource) string {
		key, ok := keyOf[iac.StripInstanceKeys(r.Module)+r.Type+"."+r.Name]
		if !ok {
			return ""
		}
		if reg, ok := regionOf[key]; ok {
			return reg
		}
		// A child module without its own provider block inherits its
		// caller's default configuration: "child:aws" → "aws".
		if i := strings.LastIndex(key, ":"); i >= 0 {
			return regionOf[key[i+1:]]
		}
		return ""
	}
}
