package schedules

import (
	"context"
	"fmt"
	"runtime/debug"
	"sort"
	"sync"
	"time"
)

// Scheduler runs jobs on their schedules. Make one with New, Start it, and
// Stop it when done; a stopped Scheduler does not start again. Its methods
// are safe for concurrent use.
type Scheduler struct {
	opts    Options
	clock   Clock
	entries []*entry // by name

	mu      sync.Mutex
	started bool
	stopped bool
	active  int               // runs going, counted against MaxConcurrent
	queue   []*entry          // ticks waiting for a slot: the most urgent job first, then first come first
	runs    map[*Run]struct{} // runs going, so Stop can reach them
	wg      sync.WaitGroup    // one per run goroutine

	stopCh   chan struct{} // closed by Stop
	loopDone chan struct{} // closed when the timing loop has returned
	idleOnce sync.Once
	idle     chan struct{} // closed when the loop and every run have ended
}

// entry is a job and its timing state, guarded by Scheduler.mu.
type entry struct {
	job    Job
	offset time.Duration // its jitter

	tick     time.Time // next nominal tick; zero when the schedule has no more
	running  bool      // a run of it is going (from Acquire to its end)
	waiting  bool      // a tick of it is in the queue
	waitTick time.Time // that tick
	priority int       // how urgent its runs are (SetPriority); higher first
}

// fireAt is when the entry's next tick runs: the tick plus its jitter.
func (e *entry) fireAt() time.Time { return e.tick.Add(e.offset) }

// Upcoming is a job's next tick and when it will run.
type Upcoming struct {
	Job  string
	Tick time.Time // nominal, from the schedule
	At   time.Time // Tick plus the job's jitter
}

// New checks the jobs and options and returns a Scheduler that is not yet
// running. Job names must be unique and every job needs a schedule and a
// Run function.
func New(jobs []Job, opts Options) (*Scheduler, error) {
	if err := validate(jobs, opts); err != nil {
		return nil, err
	}
	s := &Scheduler{
		opts:     opts,
		clock:    opts.Clock,
		runs:     make(map[*Run]struct{}),
		stopCh:   make(chan struct{}),
		loopDone: make(chan struct{}),
		idle:     make(chan struct{}),
	}
	if s.clock == nil {
		s.clock = systemClock{}
	}
	for _, j := range jobs {
		s.entries = append(s.entries, &entry{job: j, offset: Jitter(j.Name, opts.MaxJitter)})
	}
	sort.Slice(s.entries, func(a, b int) bool { return s.entries[a].job.Name < s.entries[b].job.Name })
	return s, nil
}

// Start computes each job's first tick from the clock's current time (the
// first one whose jittered time is still ahead) and starts scheduling.
// Calling it again, or after Stop, does nothing.
func (s *Scheduler) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.stopped {
		return
	}
	s.started = true
	now := s.clock.Now()
	for _, e := range s.entries {
		e.tick = next(e, now.Add(-e.offset))
	}
	go s.loop()
}

// Upcoming lists each job's next tick, soonest first; a job whose schedule
// has no more ticks is left out. It is empty before Start and after Stop.
func (s *Scheduler) Upcoming() []Upcoming {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started || s.stopped {
		return nil
	}
	var up []Upcoming
	for _, e := range s.entries {
		if !e.tick.IsZero() {
			up = append(up, Upcoming{Job: e.job.Name, Tick: e.tick, At: e.fireAt()})
		}
	}
	sort.SliceStable(up, func(a, b int) bool { return up[a].At.Before(up[b].At) })
	return up
}

// Stop stops the scheduler: no run starts from now on, ticks waiting for a
// slot are skipped (ReasonStopping), and the context of every run going is
// cancelled with cause ErrStopped, at once or, for a run inside
// Run.Protect, when its protected section returns. Stop then waits until
// every run has returned, or until ctx is done, and returns ctx.Err() in
// that case (the runs go on; cancelling ctx does not interrupt them). It
// may be called more than once; each call waits.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	var skips []skip
	if !s.stopped {
		s.stopped = true
		close(s.stopCh)
		if !s.started {
			close(s.loopDone)
		}
		for _, e := range s.queue {
			e.waiting = false
			skips = append(skips, skip{e.job.Name, e.waitTick, ReasonStopping, nil})
		}
		s.queue = nil
		for r := range s.runs {
			r.stop()
		}
	}
	s.mu.Unlock()
	s.opts.Observer.skipped(skips...)

	s.idleOnce.Do(func() {
		go func() {
			<-s.loopDone
			s.wg.Wait()
			close(s.idle)
		}()
	})
	select {
	case <-s.idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// loop waits for the earliest jittered tick, handles every tick that is
// due, and waits again, until Stop.
func (s *Scheduler) loop() {
	defer close(s.loopDone)
	for {
		s.mu.Lock()
		if s.stopped {
			s.mu.Unlock()
			return
		}
		skips := s.fireDue(s.clock.Now())
		at, ok := s.nextFire()
		s.mu.Unlock()
		s.opts.Observer.skipped(skips...)

		if !ok { // no schedule has a tick left
			<-s.stopCh
			return
		}
		d := at.Sub(s.clock.Now())
		if d <= 0 {
			continue
		}
		t := s.clock.NewTimer(d)
		select {
		case <-t.C():
		case <-s.stopCh:
			t.Stop()
			return
		}
	}
}

// fireDue handles, in the order of their jittered times, the ticks whose
// time has come. When the clock jumped past several ticks of a job (a
// suspended machine), only the latest of them is handled, as robfig's own
// runner does. It returns the skips to report.
func (s *Scheduler) fireDue(now time.Time) []skip {
	type dueTick struct {
		e    *entry
		tick time.Time
	}
	var due []dueTick
	for _, e := range s.entries {
		if e.tick.IsZero() || e.fireAt().After(now) {
			continue
		}
		tick := e.tick
		for {
			e.tick = next(e, tick)
			if e.tick.IsZero() || e.fireAt().After(now) {
				break
			}
			tick = e.tick
		}
		due = append(due, dueTick{e, tick})
	}
	sort.SliceStable(due, func(a, b int) bool {
		if due[a].e.priority != due[b].e.priority {
			return due[a].e.priority > due[b].e.priority
		}
		return due[a].tick.Add(due[a].e.offset).Before(due[b].tick.Add(due[b].e.offset))
	})
	var skips []skip
	for _, d := range due {
		if sk, skipped := s.arrive(d.e, d.tick); skipped {
			skips = append(skips, sk)
		}
	}
	return skips
}

// next is the job's first tick after t, or zero when there is none (or the
// schedule does not move forward).
func next(e *entry, t time.Time) time.Time {
	n := e.job.Schedule.Next(t)
	if !n.After(t) {
		return time.Time{}
	}
	return n
}

// arrive handles one tick of e: it starts a run, queues the tick for a
// slot, or skips it (overlap, or the tick it replaces in the queue).
func (s *Scheduler) arrive(e *entry, tick time.Time) (skip, bool) {
	switch {
	case e.running:
		return skip{e.job.Name, tick, ReasonOverlap, nil}, true
	case e.waiting:
		old := e.waitTick
		e.waitTick = tick
		return skip{e.job.Name, old, ReasonLimit, nil}, true
	case s.hasSlot():
		s.start(e, tick)
	default:
		e.waiting, e.waitTick = true, tick
		s.queue = append(s.queue, e)
	}
	return skip{}, false
}

// nextFire is the earliest jittered time of any job's next tick.
func (s *Scheduler) nextFire() (time.Time, bool) {
	var at time.Time
	for _, e := range s.entries {
		if !e.tick.IsZero() && (at.IsZero() || e.fireAt().Before(at)) {
			at = e.fireAt()
		}
	}
	return at, !at.IsZero()
}

func (s *Scheduler) hasSlot() bool {
	return s.opts.MaxConcurrent == 0 || s.active < s.opts.MaxConcurrent
}

// start begins a run of e for tick in its own goroutine. Called with s.mu
// held and s.stopped false.
func (s *Scheduler) start(e *entry, tick time.Time) {
	ctx, cancel := context.WithCancelCause(context.Background())
	r := &Run{Job: e.job.Name, Tick: tick, cancel: cancel}
	e.running = true
	s.active++
	s.runs[r] = struct{}{}
	s.wg.Add(1)
	go s.execute(ctx, e, r)
}

// execute guards and runs one run, frees its slot (starting the first
// waiting tick), and only then reports it and releases the guard, so that
// when the observer hears of the end, the job no longer counts as running.
func (s *Scheduler) execute(ctx context.Context, e *entry, r *Run) {
	defer s.wg.Done()
	release, sk, skipped := s.acquire(ctx, r)
	var err error
	if !skipped {
		s.opts.Observer.started(r.Job, r.Tick)
		err = call(ctx, e.job, r)
	}
	r.cancel(nil) // frees the context; a run stopped earlier keeps ErrStopped
	s.free(e, r)
	if skipped {
		s.opts.Observer.skipped(sk)
	} else {
		s.opts.Observer.finished(r.Job, r.Tick, err)
	}
	if release != nil {
		release()
	}
}

// acquire asks Options.Acquire, if set, whether to run the tick; it returns
// the guard's release (when it granted the tick) and the skip to report
// when the run must not go ahead.
func (s *Scheduler) acquire(ctx context.Context, r *Run) (release func(), sk skip, skipped bool) {
	if s.opts.Acquire != nil {
		var ok bool
		var err error
		release, ok, err = s.opts.Acquire(ctx, r.Job, r.Tick)
		if err != nil || !ok {
			release = nil
		}
		switch {
		case ctx.Err() != nil:
			return release, skip{r.Job, r.Tick, ReasonStopping, nil}, true
		case err != nil:
			return nil, skip{r.Job, r.Tick, ReasonGuardFailed, err}, true
		case !ok:
			return nil, skip{r.Job, r.Tick, ReasonTakenElsewhere, nil}, true
		}
	}
	if ctx.Err() != nil {
		return release, skip{r.Job, r.Tick, ReasonStopping, nil}, true
	}
	return release, skip{}, false
}

// free ends the run's hold on its job and its slot, and gives free slots
// to the ticks waiting for one, first come first served.
func (s *Scheduler) free(e *entry, r *Run) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.runs, r)
	e.running = false
	s.active--
	for !s.stopped && len(s.queue) > 0 && s.hasSlot() {
		// the most urgent waiting job; among equals, the one that came first
		i := 0
		for j, w := range s.queue {
			if w.priority > s.queue[i].priority {
				i = j
			}
		}
		w := s.queue[i]
		s.queue = append(s.queue[:i], s.queue[i+1:]...)
		w.waiting = false
		s.start(w, w.waitTick)
	}
}

// SetPriority says how urgent job's runs are (the runner passes the
// highest priority among the project's open findings): when ticks fall due
// together, or wait for a slot under MaxConcurrent, the more urgent job
// runs first. Jobs start at 0. An unknown job is ignored.
func (s *Scheduler) SetPriority(job string, priority int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		if e.job.Name == job {
			e.priority = priority
		}
	}
}

// call calls the job's Run, turning a panic into an error so one broken run
// does not take the server down.
func call(ctx context.Context, j Job, r *Run) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job %q panicked: %v\n%s", j.Name, p, debug.Stack())
		}
	}()
	return j.Run(ctx, r)
}
