package git

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// fullRun is one run of a project: work tree, branch, a file of its own,
// commit, push, close. It returns the commit and the work tree's
// directory; wait, when set, runs once the work tree exists.
func fullRun(ctx context.Context, opts Options, project string, wait func()) (sha, dir string, err error) {
	r, err := Open(ctx, opts)
	if err != nil {
		return "", "", err
	}
	w, err := r.Worktree(ctx, "")
	if err != nil {
		return "", "", err
	}
	defer w.Close(ctx)
	if wait != nil {
		wait()
	}
	branch := BranchName(project, time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC), "c0ffee")
	if err := w.NewBranch(ctx, branch); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(w.Dir()+"/"+project+".txt", []byte(project+"\n"), 0o644); err != nil {
		return "", "", err
	}
	if sha, err = w.Commit(ctx, []string{project + ".txt"}, Message("driftfix: "+project)); err != nil {
		return "", "", err
	}
	if err := w.Push(ctx, branch, PushOptions{ForceWithLease: true}); err != nil {
		return "", "", err
	}
	return sha, w.Dir(), nil
}

// TestConcurrentRuns runs the same repository several times at once,
// from goroutines of this process and from another process, all sharing
// one cache: each gets its own work tree and pushes its own branch.
func TestConcurrentRuns(t *testing.T) {
	ctx := context.Background()
	rem := newRemote(t)
	opts := testOptions(t, rem.bare)

	// another process, started first so that it overlaps the goroutines
	helper := exec.Command(os.Args[0], "-test.run=^TestHelperRun$", "-test.count=1")
	helper.Env = append(os.Environ(), "DRIFTFIX_GIT_HELPER_RUN=proc", "DRIFTFIX_GIT_HELPER_URL="+opts.URL,
		"DRIFTFIX_GIT_HELPER_CACHE="+opts.CacheDir, "DRIFTFIX_GIT_HELPER_WORK="+opts.WorkDir)
	var helperOut strings.Builder
	helper.Stdout, helper.Stderr = &helperOut, &helperOut
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}

	projects := []string{"alpha", "beta", "gamma"}
	var all sync.WaitGroup // every work tree exists before any run goes on
	all.Add(len(projects))
	barrier := func() { all.Done(); all.Wait() }
	type result struct{ sha, dir string }
	results := make([]result, len(projects))
	errs := make([]error, len(projects))
	var wg sync.WaitGroup
	for i, p := range projects {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reached := false
			var err error
			results[i].sha, results[i].dir, err = fullRun(ctx, opts, p, func() { reached = true; barrier() })
			if err != nil {
				errs[i] = err
				if !reached {
					all.Done() // do not hang the others
				}
			}
		}()
	}
	wg.Wait()
	helperErr := helper.Wait()

	dirs := map[string]string{}
	for i, p := range projects {
		if errs[i] != nil {
			t.Errorf("run %s: %v", p, errs[i])
			continue
		}
		if other, ok := dirs[results[i].dir]; ok {
			t.Errorf("runs %s and %s shared the work tree %s", p, other, results[i].dir)
		}
		dirs[results[i].dir] = p
		branch := "refs/heads/driftfix/" + p + "/20250304-c0ffee"
		if got := rem.sha(t, branch); got != results[i].sha {
			t.Errorf("remote %s = %q, want run %s's commit %s", branch, got, p, results[i].sha)
		} else if got := rem.file(t, got, p+".txt"); got != p {
			t.Errorf("%s.txt on the remote = %q", p, got)
		}
	}
	if helperErr != nil {
		t.Errorf("the run in another process: %v\n%s", helperErr, helperOut.String())
	} else if sha := rem.sha(t, "refs/heads/driftfix/proc/20250304-c0ffee"); sha == "" || !strings.Contains(helperOut.String(), "pushed "+sha) {
		t.Errorf("the other process's branch is not on the remote (%q):\n%s", sha, helperOut.String())
	}

	r := openT(t, opts)
	if out := gitT(t, r.gitDir, "worktree", "list", "--porcelain"); strings.Count(out, "worktree ") != 1 {
		t.Errorf("work trees left after every run closed:\n%s", out)
	}
	if heads := gitT(t, r.gitDir, "for-each-ref", "refs/heads/"); heads != "" {
		t.Errorf("branches left after every run closed: %s", heads)
	}
}

// TestHelperRun is the other process of TestConcurrentRuns; run on its
// own it does nothing.
func TestHelperRun(t *testing.T) {
	project := os.Getenv("DRIFTFIX_GIT_HELPER_RUN")
	if project == "" {
		return
	}
	opts := Options{
		URL:      os.Getenv("DRIFTFIX_GIT_HELPER_URL"),
		CacheDir: os.Getenv("DRIFTFIX_GIT_HELPER_CACHE"),
		WorkDir:  os.Getenv("DRIFTFIX_GIT_HELPER_WORK"),
		Author:   testAuthor,
	}
	sha, _, err := fullRun(context.Background(), opts, project, nil)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("pushed %s\n", sha)
}
