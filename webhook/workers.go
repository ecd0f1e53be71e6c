package webhook

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/driftfix/driftfix/store"
)

// Queue is the part of the store the workers work off: store.Store's
// ClaimEvent and MarkEventDone.
type Queue interface {
	ClaimEvent(ctx context.Context, worker string, ttl time.Duration) (store.Event, bool, error)
	MarkEventDone(ctx context.Context, id int64, errText string) error
}

// The workers' defaults.
const (
	DefaultWorkers      = 4
	DefaultClaimTTL     = 30 * time.Minute
	DefaultPollInterval = 2 * time.Second
	DefaultMaxAttempts  = 5
)

// markTimeout bounds recording an event's outcome, which goes on after a
// hard stop so that a finished dispatch is not repeated.
const markTimeout = 30 * time.Second

// WorkerOptions configure Workers.
type WorkerOptions struct {
	// Queue holds the stored events. Required.
	Queue Queue
	// Dispatcher acts on the events. Required.
	Dispatcher Dispatcher
	// Workers is how many events are dispatched at once (0 =
	// DefaultWorkers).
	Workers int
	// ClaimTTL is how long a worker holds an event before another may take
	// it over (0 = DefaultClaimTTL). A dispatch is cancelled a tenth of it
	// before the claim lapses, so make it longer than the longest plan or
	// apply.
	ClaimTTL time.Duration
	// PollInterval is how often an idle worker looks at the queue for
	// events stored by other processes, or whose claim lapsed (0 =
	// DefaultPollInterval). Wake makes it look at once.
	PollInterval time.Duration
	// MaxAttempts is how often an event is handed out before the workers
	// give up on it and record it failed without dispatching it again (0 =
	// DefaultMaxAttempts): an event that crashes its worker each time
	// must not crash them all.
	MaxAttempts int
	// BotLogin is driftfix's own login on GitHub: its comments are not
	// commands (see HandlerOptions.BotLogin).
	BotLogin string
	// Name names the workers in the store's claims ("" = host name and
	// process id); worker i is Name-i.
	Name string
	// Logger receives a line per event. Nil discards.
	Logger *slog.Logger
}

// Workers take stored events off the queue and dispatch them, at most
// Workers at a time.
type Workers struct {
	o        WorkerOptions
	wake     chan struct{}
	stopping chan struct{}
	stopOnce sync.Once
	mu       sync.Mutex
	started  bool
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

// NewWorkers checks o and returns the workers, not yet started.
func NewWorkers(o WorkerOptions) (*Workers, error) {
	if o.Queue == nil || o.Dispatcher == nil {
		return nil, errors.New("webhook workers: a queue and a dispatcher are required")
	}
	if o.Workers < 0 || o.ClaimTTL < 0 || o.PollInterval < 0 || o.MaxAttempts < 0 {
		return nil, errors.New("webhook workers: negative workers, claim ttl, poll interval or attempts")
	}
	if o.Workers == 0 {
		o.Workers = DefaultWorkers
	}
	if o.ClaimTTL == 0 {
		o.ClaimTTL = DefaultClaimTTL
	}
	if o.PollInterval == 0 {
		o.PollInterval = DefaultPollInterval
	}
	if o.MaxAttempts == 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Name == "" {
		host, _ := os.Hostname()
		o.Name = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Workers{o: o, wake: make(chan struct{}, o.Workers), stopping: make(chan struct{})}, nil
}

// Start starts the workers. They run until Stop, or until ctx ends, which
// stops them hard (see Stop).
func (w *Workers) Start(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-w.stopping:
		return errors.New("webhook workers: start after stop")
	default:
	}
	if w.started {
		return errors.New("webhook workers: started twice")
	}
	w.started = true
	ctx, w.cancel = context.WithCancel(ctx)
	for i := range w.o.Workers {
		name := fmt.Sprintf("%s-%d", w.o.Name, i)
		w.wg.Go(func() { w.loop(ctx, name) })
	}
	return nil
}

// Wake makes an idle worker look at the queue now: the handler calls it
// after it stored an event. It never blocks.
func (w *Workers) Wake() {
	select {
	case w.wake <- struct{}{}:
	default: // enough wake-ups pending
	}
}

// Stop stops claiming events and waits for the running dispatches to
// finish and be recorded. When ctx ends first, the running dispatches are
// cancelled, their events left to be retried when their claims lapse, and
// Stop returns ctx's error once the workers are gone (a dispatcher must
// honour its context).
func (w *Workers) Stop(ctx context.Context) error {
	w.stopOnce.Do(func() { close(w.stopping) })
	w.mu.Lock()
	cancel := w.cancel
	w.mu.Unlock()
	if cancel == nil {
		return nil // never started
	}
	done := make(chan struct{})
	go func() {
		w.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		cancel()
		return nil
	case <-ctx.Done():
		cancel()
		<-done
		return fmt.Errorf("stop webhook workers: %w", ctx.Err())
	}
}

// loop is one worker: claim, dispatch, record, until stopped.
func (w *Workers) loop(ctx context.Context, name string) {
	poll := time.NewTicker(w.o.PollInterval)
	defer poll.Stop()
	for {
		select {
		case <-w.stopping:
			return
		case <-ctx.Done():
			return
		default:
		}
		e, ok, err := w.o.Queue.ClaimEvent(ctx, name, w.o.ClaimTTL)
		if err != nil && ctx.Err() == nil {
			w.o.Logger.Error("webhook queue unreadable", "worker", name, "err", err)
		}
		if ok {
			w.process(ctx, name, e)
			continue
		}
		select {
		case <-w.stopping:
			return
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-poll.C:
		}
	}
}

// process dispatches a claimed event and records the outcome, unless the
// workers were stopped hard meanwhile: then the event stays claimed and is
// retried when the claim lapses.
func (w *Workers) process(ctx context.Context, worker string, e store.Event) {
	log := w.o.Logger.With("worker", worker, "delivery", e.DeliveryID, "event", e.Type, "attempt", e.Attempts)
	var outcome string
	if e.Attempts > w.o.MaxAttempts {
		outcome = fmt.Sprintf("gave up after %d attempts: each worker that took the event stopped before it finished", e.Attempts-1)
	} else {
		dctx, cancel := context.WithTimeout(ctx, w.o.ClaimTTL-w.o.ClaimTTL/10)
		outcome = w.dispatch(dctx, e, log)
		cancel()
		if ctx.Err() != nil {
			log.Warn("webhook event interrupted by a stop; it is retried when its claim lapses")
			return
		}
	}
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancel()
	if err := w.o.Queue.MarkEventDone(mctx, e.ID, outcome); err != nil {
		log.Error("webhook event outcome not recorded; it is retried when its claim lapses", "err", err)
		return
	}
	if outcome != "" {
		log.Error("webhook event failed", "err", outcome)
	} else {
		log.Info("webhook event done")
	}
}

// dispatch decodes e and hands it to the dispatcher; it returns the error
// text to record ("" for success). A panicking dispatcher is an error, not
// a crash.
func (w *Workers) dispatch(ctx context.Context, e store.Event, log *slog.Logger) (outcome string) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("webhook dispatcher panicked", "panic", p, "stack", string(debug.Stack()))
			outcome = fmt.Sprintf("panic: %v", p)
		}
	}()
	j, err := decode(e, w.o.BotLogin)
	switch {
	case err != nil:
		return err.Error()
	case j.skip != "":
		log.Info("webhook event needs nothing", "why", j.skip)
		return ""
	case j.pullRequest != nil:
		err = w.o.Dispatcher.PullRequest(ctx, *j.pullRequest)
	default:
		err = w.o.Dispatcher.Comment(ctx, *j.comment, j.command)
	}
	if err != nil {
		return err.Error()
	}
	return ""
}
