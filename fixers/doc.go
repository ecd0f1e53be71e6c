// Package fixers holds driftfix's rules: one rule per rule_*.go file, each a
// Rule value with its metadata, a check and (where a safe one exists) a fix.
//
// The registry, the one list of every rule in its fixed order, is in
// registry.go. The engine is in check.go (run the rules over a module) and
// fix.go (the bounded fix-point loop), with the types in types.go and the fix
// classes in classes.go. Helpers the rules share are in helpers.go and, per
// service, helpers_*.go.
package fixers
