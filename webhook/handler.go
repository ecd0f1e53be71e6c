package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"time"
)

// Path is where GitHub posts the webhooks.
const Path = "/webhooks/github"

// MaxPayloadBytes is the largest delivery accepted: GitHub caps webhook
// payloads at 25 MB.
const MaxPayloadBytes = 25 << 20

// The headers of a delivery besides its signature.
const (
	EventHeader    = "X-GitHub-Event"
	DeliveryHeader = "X-GitHub-Delivery"
)

// maxDeliveryID bounds the X-GitHub-Delivery header (GitHub sends a GUID).
const maxDeliveryID = 128

// EventSaver is the part of the store the handler writes to:
// store.Store's SaveEvent, which stores an event and refuses (inserted
// false) a delivery id it holds already.
type EventSaver interface {
	SaveEvent(ctx context.Context, deliveryID, eventType string, payload []byte, receivedAt time.Time) (inserted bool, err error)
}

// Counters count deliveries; server.Server's WebhookReceived and
// WebhookRejected fit. Received takes the event type of a delivery that was
// stored; Rejected one of a few fixed reasons: "method", "too_large",
// "signature", "payload", "repository", "duplicate", "store".
type Counters interface {
	WebhookReceived(event string)
	WebhookRejected(reason string)
}

// HandlerOptions configure a Handler.
type HandlerOptions struct {
	// Secret is the webhook's shared secret. Required: without one anyone
	// could post events.
	Secret []byte
	// Repositories are the "owner/name" of the repositories whose events
	// are accepted (compared without regard to case). Required.
	Repositories []string
	// Store receives each accepted event before the handler answers 202.
	// Required.
	Store EventSaver
	// BotLogin is driftfix's own login on GitHub (a GitHub App's is
	// "name[bot]"): its own comments are never commands. "" compares no
	// author; driftfix's answers still never read as commands.
	BotLogin string
	// Queued is called after each event is stored, to wake the workers
	// (Workers.Wake). Optional.
	Queued func()
	// Counters count deliveries. Optional.
	Counters Counters
	// Logger receives a line per delivery. Nil discards.
	Logger *slog.Logger
	// Now is the clock the received time is read from (nil = time.Now).
	Now func() time.Time
	// MaxPayloadBytes bounds a delivery's body (0 = MaxPayloadBytes).
	MaxPayloadBytes int64
}

// Handler receives GitHub's webhook deliveries (POST /webhooks/github):
//
//   - a body over the size limit is refused with 413, before anything
//     else is looked at;
//   - a delivery whose X-Hub-Signature-256 is not the HMAC-SHA256 of its
//     body under the secret is refused with 401;
//   - a delivery without event or delivery id, or whose payload is not
//     JSON, is refused with 400 (415 for a content type GitHub does not
//     send);
//   - ping is answered 200 "pong" (403 when it names a repository that is
//     not allowed);
//   - events other than pull_request and issue_comment, and their actions
//     driftfix does not act on, are answered 200 "ignored" and not stored;
//   - an event from a repository not allowed is refused with 403;
//   - a redelivery (a delivery id stored before) is answered 200
//     "duplicate";
//   - any other event is stored, payload as received, and only then
//     answered 202; when it cannot be stored the answer is 500, and GitHub
//     shows the delivery as failed.
type Handler struct {
	o     HandlerOptions
	allow allowlist
}

// NewHandler checks o and returns the handler. It refuses an empty secret:
// the server must not start without one.
func NewHandler(o HandlerOptions) (*Handler, error) {
	if len(o.Secret) == 0 {
		return nil, errors.New("webhook handler: no secret; GitHub's deliveries cannot be verified without one")
	}
	if o.Store == nil {
		return nil, errors.New("webhook handler: no store")
	}
	allow, err := newAllowlist(o.Repositories)
	if err != nil {
		return nil, fmt.Errorf("webhook handler: %w", err)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Counters == nil {
		o.Counters = noCounters{}
	}
	if o.MaxPayloadBytes <= 0 {
		o.MaxPayloadBytes = MaxPayloadBytes
	}
	if o.Queued == nil {
		o.Queued = func() {}
	}
	return &Handler{o: o, allow: allow}, nil
}

// ServeHTTP answers one delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := h.o.Logger.With("delivery", r.Header.Get(DeliveryHeader), "event", r.Header.Get(EventHeader), "remote", r.RemoteAddr)
	refuse := func(status int, reason, message string) {
		h.o.Counters.WebhookRejected(reason)
		log.Warn("webhook refused", "status", status, "reason", reason, "detail", message)
		http.Error(w, message, status)
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		refuse(http.StatusMethodNotAllowed, "method", "only POST")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.o.MaxPayloadBytes))
	if err != nil {
		if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
			refuse(http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("payload over %d bytes", h.o.MaxPayloadBytes))
			return
		}
		refuse(http.StatusBadRequest, "payload", "cannot read the body")
		return
	}
	if !validSignature(h.o.Secret, body, r.Header.Get(SignatureHeader)) {
		refuse(http.StatusUnauthorized, "signature", "missing or wrong "+SignatureHeader)
		return
	}

	// From here on the sender knows the secret.
	eventType, delivery := r.Header.Get(EventHeader), r.Header.Get(DeliveryHeader)
	if eventType == "" || !validDeliveryID(delivery) {
		refuse(http.StatusBadRequest, "payload", "missing "+EventHeader+" or "+DeliveryHeader)
		return
	}
	payload, status, msg := jsonPayload(r.Header.Get("Content-Type"), body)
	if status != 0 {
		refuse(status, "payload", msg)
		return
	}
	env, err := peek(payload)
	if err != nil {
		refuse(http.StatusBadRequest, "payload", "the payload is not a JSON object")
		return
	}
	if eventType == "ping" {
		if env.repository() != "" && !h.allow.allows(env.repository()) {
			refuse(http.StatusForbidden, "repository", "repository not allowed")
			return
		}
		log.Info("webhook ping", "repository", env.repository())
		reply(w, http.StatusOK, "pong")
		return
	}
	if why := env.ignored(eventType, h.o.BotLogin); why != "" {
		log.Debug("webhook ignored", "why", why)
		reply(w, http.StatusOK, "ignored")
		return
	}
	if !h.allow.allows(env.repository()) {
		refuse(http.StatusForbidden, "repository", "repository not allowed")
		return
	}
	inserted, err := h.o.Store.SaveEvent(r.Context(), delivery, eventType, payload, h.o.Now())
	switch {
	case err != nil:
		h.o.Counters.WebhookRejected("store")
		log.Error("webhook not stored", "err", err)
		http.Error(w, "the event could not be stored; redeliver it", http.StatusInternalServerError)
		return
	case !inserted:
		h.o.Counters.WebhookRejected("duplicate")
		log.Info("webhook redelivered; stored before")
		reply(w, http.StatusOK, "duplicate")
		return
	}
	h.o.Counters.WebhookReceived(eventType)
	log.Info("webhook accepted", "repository", env.repository(), "action", env.Action)
	h.o.Queued()
	reply(w, http.StatusAccepted, "accepted")
}

// jsonPayload returns the JSON document of a body: the body itself
// (application/json) or its payload form field (GitHub's
// application/x-www-form-urlencoded content type); otherwise an HTTP
// status and why.
func jsonPayload(contentType string, body []byte) ([]byte, int, string) {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if contentType == "" {
		mediaType, err = "application/json", nil
	}
	switch {
	case err != nil:
		return nil, http.StatusUnsupportedMediaType, "unreadable Content-Type"
	case mediaType == "application/json":
		return body, 0, ""
	case mediaType == "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil || !form.Has("payload") {
			return nil, http.StatusBadRequest, "a form body without a payload field"
		}
		return []byte(form.Get("payload")), 0, ""
	}
	return nil, http.StatusUnsupportedMediaType, "Content-Type must be application/json or application/x-www-form-urlencoded"
}

// validDeliveryID accepts a short, printable ASCII delivery id.
func validDeliveryID(s string) bool {
	if s == "" || len(s) > maxDeliveryID {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

func reply(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	io.WriteString(w, text+"\n")
}

type noCounters struct{}

func (noCounters) WebhookReceived(string) {}
func (noCounters) WebhookRejected(string) {}
