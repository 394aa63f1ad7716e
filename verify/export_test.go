package verify

// Compares returns how many checks s compared against a pending
// verification's codes (dummy comparisons of missing keys not counted).
func (s *MemoryStore) Compares() int64 { return s.compares.Load() }
