//go:build !unix

package git

import "os/exec"

// killGroupOnCancel leaves exec's default: the process is killed when its
// context is done (there are no process groups to stop here).
func killGroupOnCancel(*exec.Cmd) {}
