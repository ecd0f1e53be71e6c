package schedules

import (
	"crypto/sha256"
	"encoding/binary"
	"time"
)

// Jitter is the fixed delay a job named name runs after each of its ticks,
// in [0, max): the first eight bytes of the SHA-256 of the name, modulo max.
// The same name gets the same offset in every process and after every
// restart (so replicas agree on when a job runs), and different names spread
// evenly, so fifty projects on "0 * * * *" do not all start on the hour.
// max <= 0 means no jitter.
func Jitter(name string, max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	sum := sha256.Sum256([]byte(name))
	return time.Duration(binary.BigEndian.Uint64(sum[:8]) % uint64(max))
}
