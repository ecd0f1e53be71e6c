package iac

import "sync"

// moduleCache holds indexes and memoised results computed lazily over a
// loaded module. A Module does not change after Load, so they stay valid.
type moduleCache struct {
	mu     sync.Mutex
	byType map[string][]*Resource
	memo   map[string]any
}

func (m *Module) cache() *moduleCache { return &m.idx }

// OfType returns the managed resource instances of the given type, from an
// index built once per module.
func (m *Module) OfType(typ string) []*Resource {
	c := m.cache()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byType == nil {
		c.byType = map[string][]*Resource{}
		for _, r := range m.Resources {
			if r.Mode == Managed {
				c.byType[r.Type] = append(c.byType[r.Type], r)
			}
		}
	}
	rs := c.byType[typ]
	return rs[:len(rs):len(rs)] // callers may append without touching the index
}

// Memo returns the value computed by f for key, computing it once per
// module. Rules use it for indexes they would otherwise rebuild per resource.
func (m *Module) Memo(key string, f func() any) any {
	c := m.cache()
	c.mu.Lock()
	if v, ok := c.memo[key]; ok {
		c.mu.Unlock()
		return v
	}
	c.mu.Unlock()
	v := f()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.memo == nil {
		c.memo = map[string]any{}
	}
	if old, ok := c.memo[key]; ok {
		return old
	}
	c.memo[key] = v
	return v
}
