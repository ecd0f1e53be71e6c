package githublocal

import (
	"fmt"
	"slices"
	"time"
)

// repository is one repository's state.
type repository struct {
	id            int64
	owner, name   string
	defaultBranch string
	branches      map[string]string // branch → head commit
	commits       map[string]bool   // every commit a branch ever pointed at
	labels        map[string]*label // by name
	issues        map[int]*pull     // pull requests by number (issues share the numbering)
	comments      []*comment        // every issue comment, in creation order
	statuses      map[string][]*status
	nextNumber    int
}

type label struct {
	id          int64
	name, color string
}

type pull struct {
	id                 int64
	number             int
	state              string // open | closed
	title, body        string
	user               string
	head, base         string // branch names
	headSHA, baseSHA   string
	labels             []string
	merged             bool
	mergedAt, closedAt time.Time
	createdAt          time.Time
	updatedAt          time.Time
	mergeability       Mergeability
	pendingReads       int // single-PR reads still answered with mergeable null
	reviews            []*review
	files              []File
}

type comment struct {
	id                   int64
	issue                int
	body, user           string
	createdAt, updatedAt time.Time
}

type review struct {
	id                int64
	user, state, body string
	commitID          string
	submittedAt       time.Time
}

type status struct {
	id                              int64
	state, description, target, ctx string
	creator                         string
	createdAt                       time.Time
}

// Mergeability is what GitHub says about merging a pull request. GitHub
// computes it in the background: for PendingReads reads after it is set
// (or after the pull request is opened or its base changes), a single-PR
// read answers mergeable null and mergeable_state "unknown".
type Mergeability struct {
	Mergeable    bool
	State        string // clean, dirty, blocked, behind, unstable, has_hooks, draft
	PendingReads int
}

// File is one file a pull request changes.
type File struct {
	Filename         string
	Status           string // added, removed, modified, renamed, copied, changed, unchanged
	PreviousFilename string // for renamed
	Additions        int
	Deletions        int
}

// PullView is a pull request's state, for assertions.
type PullView struct {
	Number      int
	State       string
	Title, Body string
	User        string
	Head, Base  string
	HeadSHA     string
	Labels      []string
	Merged      bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// CommentView is an issue comment, for assertions.
type CommentView struct {
	ID    int64
	Issue int
	Body  string
	User  string
}

// StatusView is a commit status, for assertions.
type StatusView struct {
	State, Description, TargetURL, Context string
	Creator                                string
}

func fullName(owner, name string) string { return owner + "/" + name }

// AddRepo creates a repository with its default branch at a first commit.
func (s *Server) AddRepo(owner, name, defaultBranch string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	r := &repository{
		id: s.nextID, owner: owner, name: name, defaultBranch: defaultBranch,
		branches: map[string]string{}, commits: map[string]bool{}, labels: map[string]*label{},
		issues: map[int]*pull{}, statuses: map[string][]*status{}, nextNumber: 1,
	}
	s.repos[fullName(owner, name)] = r
	s.setBranch(r, defaultBranch, fakeSHA(s.nextID))
}

// SetBranch points a branch at a commit (creating both as needed), as a
// push does. A pull request whose head or base it is follows it.
func (s *Server) SetBranch(owner, name, branch, sha string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepo(owner, name)
	s.setBranch(r, branch, sha)
}

func (s *Server) setBranch(r *repository, branch, sha string) {
	r.branches[branch] = sha
	r.commits[sha] = true
	for _, p := range r.issues {
		if p.state != "open" {
			continue
		}
		if p.head == branch {
			p.headSHA = sha
		}
		if p.base == branch {
			p.baseSHA = sha
		}
	}
}

// Branch returns the commit a branch points at.
func (s *Server) Branch(owner, name, branch string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sha, ok := s.mustRepo(owner, name).branches[branch]
	return sha, ok
}

// AddReview records a submitted review (state APPROVED, CHANGES_REQUESTED
// or COMMENTED) by login on a pull request's current head, and returns its
// id.
func (s *Server) AddReview(owner, name string, number int, login, state string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustPull(owner, name, number)
	s.nextID++
	p.reviews = append(p.reviews, &review{id: s.nextID, user: login, state: state, commitID: p.headSHA, submittedAt: s.now()})
	return s.nextID
}

// DismissReview dismisses a review, as a maintainer or a new push with
// "dismiss stale approvals" does: its state becomes DISMISSED.
func (s *Server) DismissReview(owner, name string, number int, id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rv := range s.mustPull(owner, name, number).reviews {
		if rv.id == id {
			rv.state = "DISMISSED"
			return
		}
	}
	panic(fmt.Sprintf("githublocal: no review %d on %s/%s#%d", id, owner, name, number))
}

// SetFiles sets the files a pull request changes.
func (s *Server) SetFiles(owner, name string, number int, files []File) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustPull(owner, name, number).files = slices.Clone(files)
}

// SetMergeability sets what GitHub says about merging a pull request.
func (s *Server) SetMergeability(owner, name string, number int, m Mergeability) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustPull(owner, name, number)
	p.mergeability, p.pendingReads = m, m.PendingReads
}

// Merge merges an open pull request, as the merge button does.
func (s *Server) Merge(owner, name string, number int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustPull(owner, name, number)
	p.state, p.merged = "closed", true
	p.mergedAt, p.closedAt, p.updatedAt = s.now(), s.now(), s.now()
}

// Pull returns a pull request's state.
func (s *Server) Pull(owner, name string, number int) (PullView, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.repos[fullName(owner, name)]
	if !ok {
		return PullView{}, false
	}
	p, ok := r.issues[number]
	if !ok {
		return PullView{}, false
	}
	return viewPull(p), true
}

// Pulls returns every pull request of a repository, by number.
func (s *Server) Pulls(owner, name string) []PullView {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepo(owner, name)
	var out []PullView
	for n := 1; n < r.nextNumber; n++ {
		if p, ok := r.issues[n]; ok {
			out = append(out, viewPull(p))
		}
	}
	return out
}

func viewPull(p *pull) PullView {
	return PullView{
		Number: p.number, State: p.state, Title: p.title, Body: p.body, User: p.user,
		Head: p.head, Base: p.base, HeadSHA: p.headSHA, Labels: slices.Clone(p.labels), Merged: p.merged,
		CreatedAt: p.createdAt, UpdatedAt: p.updatedAt,
	}
}

// Comments returns the comments on an issue or pull request, oldest first.
func (s *Server) Comments(owner, name string, number int) []CommentView {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CommentView
	for _, c := range s.mustRepo(owner, name).comments {
		if c.issue == number {
			out = append(out, CommentView{ID: c.id, Issue: c.issue, Body: c.body, User: c.user})
		}
	}
	return out
}

// Statuses returns the statuses set on a commit, oldest first.
func (s *Server) Statuses(owner, name, sha string) []StatusView {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []StatusView
	for _, st := range s.mustRepo(owner, name).statuses[sha] {
		out = append(out, StatusView{State: st.state, Description: st.description, TargetURL: st.target, Context: st.ctx, Creator: st.creator})
	}
	return out
}

func (s *Server) mustRepo(owner, name string) *repository {
	r, ok := s.repos[fullName(owner, name)]
	if !ok {
		panic(fmt.Sprintf("githublocal: no repository %s/%s (AddRepo first)", owner, name))
	}
	return r
}

func (s *Server) mustPull(owner, name string, number int) *pull {
	p, ok := s.mustRepo(owner, name).issues[number]
	if !ok {
		panic(fmt.Sprintf("githublocal: no pull request %s/%s#%d", owner, name, number))
	}
	return p
}

// fakeSHA is a 40-hex commit id made from a number.
func fakeSHA(n int64) string { return fmt.Sprintf("%040x", uint64(n)*0x9e3779b97f4a7c15) }
