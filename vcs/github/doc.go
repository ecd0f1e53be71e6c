// Package github is driftfix's GitHub client, on go-github: it opens or
// updates one pull request per project (never a duplicate), keeps its
// plan comments up to date under hidden markers, splits what is longer
// than GitHub takes over further comments, sets commit statuses, and reads
// what apply requirements need (approvals, mergeability, the pull
// request's head, changed files).
//
// The base URL is configurable (GitHub Enterprise Server); the code path
// is the same for github.com, an Enterprise server and the local endpoint
// of the tests (githublocal). The client authenticates with a token from
// the environment or a file, or as a GitHub App installation (a JWT signed
// with the app's key, traded for an installation token that is cached
// until shortly before it expires). No token is ever in an error or a log
// line: errors (*Error) name the call and the HTTP status, scrubbed of
// every secret the client holds.
//
// Rate limits, primary and secondary, are retried after the wait GitHub
// asks for (Retry-After or X-RateLimit-Reset), within a bound per call.
//
// The package imports nothing of driftfix's: Opener has the shape of
// pipeline.PullRequests, and a pipeline.PullRequest converts to its
// OpenRequest.
package github
