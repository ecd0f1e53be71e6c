// Package githublocal is a local GitHub REST endpoint for tests: an
// http.Handler that keeps repositories, pull requests, issue comments,
// labels, commit statuses, reviews, changed files and mergeability in
// memory and answers exactly the calls vcs/github makes, with GitHub's
// paths, methods, JSON shapes, status codes and Link-header pagination.
//
// It serves both github.com's layout (/repos/...) and GitHub Enterprise
// Server's (/api/v3/repos/...), so a client configured with an Enterprise
// base URL works unchanged. Every call needs a known token (AddToken) or an
// installation token it issued itself to a GitHub App whose JWT it
// verified against the app's public key (AddApp, AddInstallation).
//
// What a real GitHub does on its own is set up through Go methods: branches
// and their commits (SetBranch), reviews (AddReview, DismissReview), the
// files a pull request changes (SetFiles), a mergeability that is still
// being computed (SetMergeability), rate limits (FailNext). The state is
// read back for assertions with Pull, Comments, Statuses and Requests.
package githublocal
