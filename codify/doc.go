// Package codify writes drift into the code: live values of drifted
// attributes as exact edits, and generated HCL with import blocks for
// unmanaged resources.
//
// Drift edits the module through an iac.Editor, with the same exact edits
// as the rules in fixers (comments and layout stay), for the tags and the
// few scalar attributes where taking the live value is safe, and says why
// it leaves every other change alone. Imports renders, for review, an
// import block and a starting resource block for each resource that exists
// in the cloud but in no state.
package codify
