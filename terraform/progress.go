package terraform

import (
	"fmt"
	"io"
	"time"
)

// DefaultProgressInterval is how often a long wait says it is still going.
const DefaultProgressInterval = 20 * time.Second

// withProgress runs fn and, while it runs, writes a line to w every
// interval saying that what is still going and for how long: a long wait
// (building or downloading Terraform, terraform init on a slow network, a
// plan of many resources whose output is held back) is never silent. A nil
// w writes nothing; an interval of zero means DefaultProgressInterval.
func withProgress(w io.Writer, what string, interval time.Duration, fn func() error) error {
	if w == nil {
		return fn()
	}
	if interval <= 0 {
		interval = DefaultProgressInterval
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case now := <-t.C:
				fmt.Fprintf(w, "driftfix: %s: still running (%s elapsed)\n", what, now.Sub(start).Round(time.Second))
			}
		}
	}()
	err := fn()
	close(stop)
	<-done
	return err
}
