package senderkit

import "github.com/smskit/sms"

// inlineParams is how many params a Kept message holds without an
// allocation of its own: a verification code and a name or two.
const inlineParams = 2

// Kept is a message as a record keeps it: its own copy of the params, as
// key and value pairs held inline (no allocation) for up to inlineParams
// params, where a copy of the map costs two allocations and some 300 bytes.
// Message rebuilds the map for readers; a Kept is never changed once made,
// so readers may share it without a lock.
//
// A Kept is a value: copying it copies the params held inline (it holds no
// pointer into itself).
type Kept struct {
	msg sms.Message // Params always nil
	// n is the number of params; -1 when the message's Params was nil.
	n      int
	inline [2 * inlineParams]string
	more   []string // all the pairs, when n > inlineParams
}

// Keep returns m as a record keeps it, with its own copy of the params.
func Keep(m sms.Message) Kept {
	k := Kept{msg: m, n: len(m.Params)}
	k.msg.Params = nil
	if m.Params == nil {
		k.n = -1
		return k
	}
	if k.n > inlineParams {
		k.more = make([]string, 0, 2*k.n)
		for key, v := range m.Params {
			k.more = append(k.more, key, v)
		}
		return k
	}
	i := 0
	for key, v := range m.Params {
		k.inline[i], k.inline[i+1] = key, v
		i += 2
	}
	return k
}

// pairs returns the params as key and value pairs.
func (k *Kept) pairs() []string {
	if k.n > inlineParams {
		return k.more
	}
	return k.inline[:2*max(k.n, 0)]
}

// To returns the message's To.
func (k *Kept) To() string { return k.msg.To }

// Message returns the message with its own copy of the params (nil when the
// kept message's Params was nil).
func (k *Kept) Message() sms.Message {
	m := k.msg
	if k.n < 0 {
		return m
	}
	m.Params = make(map[string]string, k.n)
	p := k.pairs()
	for i := 0; i < len(p); i += 2 {
		m.Params[p[i]] = p[i+1]
	}
	return m
}

// Param returns the param named key, and whether the message has it.
func (k *Kept) Param(key string) (string, bool) {
	p := k.pairs()
	for i := 0; i < len(p); i += 2 {
		if p[i] == key {
			return p[i+1], true
		}
	}
	return "", false
}
