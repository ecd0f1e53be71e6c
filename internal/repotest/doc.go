// Package repotest holds tests about the repository itself rather than any
// one package: what may be committed, and what it builds for.
package repotest
