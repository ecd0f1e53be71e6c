// Package webhook receives GitHub's webhooks for driftfix serve and works
// them off: the receiving side of pull-request plans and applies driven by
// comments, as Atlantis does them.
//
// The Handler (POST /webhooks/github) checks each delivery's signature
// against the shared secret, keeps only the configured repositories and
// the events driftfix acts on (pull_request opened, synchronize, reopened
// and closed; issue_comment created on a pull request and addressed to
// driftfix; ping), and stores each kept event in the store's event queue
// before it answers 202, so that a restart loses nothing; a redelivery is
// recognised by its delivery id and stored once.
//
// Workers take the stored events off the queue, decode them with
// go-github's event types and hand them to a Dispatcher; a worker that
// dies leaves its event to be retried when its claim lapses.
//
// ParseComment reads a comment's command (driftfix plan, apply, unlock,
// help); it is pure and knows nothing of HTTP.
package webhook
