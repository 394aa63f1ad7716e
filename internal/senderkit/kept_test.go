package senderkit

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

// TestKeep: a kept message gives back the message it kept, nil and empty
// Params apart, with a map of its own, whatever the caller does to its map
// afterwards; a copy of a Kept is as good as the original.
func TestKeep(t *testing.T) {
	base := sms.Message{To: "+8613800138000", Template: "login", Body: "b", Sign: "s", Reference: "r"}
	for _, n := range []int{-1, 0, 1, 2, 3, 7} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			m := base
			if n >= 0 {
				m.Params = map[string]string{}
			}
			for i := range n {
				m.Params["k"+strconv.Itoa(i)] = "v" + strconv.Itoa(i)
			}
			want := CloneMessage(m)
			k := Keep(m)
			for key := range m.Params {
				m.Params[key] = "changed"
			}
			if m.Params != nil {
				m.Params["new"] = "x"
			}
			copied := k
			for _, k := range []*Kept{&k, &copied} {
				got := k.Message()
				assert.Equal(t, want, got)
				assert.Equal(t, want.Params == nil, got.Params == nil)
				assert.Equal(t, want.To, k.To())
				if got.Params != nil {
					got.Params["k0"] = "reader's change"
					assert.Equal(t, want, k.Message(), "a reader's change stays in its copy")
				}
				for i := range max(n, 0) {
					v, ok := k.Param("k" + strconv.Itoa(i))
					require.True(t, ok)
					assert.Equal(t, "v"+strconv.Itoa(i), v)
				}
				_, ok := k.Param("new")
				assert.False(t, ok)
			}
		})
	}
}

// TestKeepAllocates: up to two params, keeping a message allocates nothing.
func TestKeepAllocates(t *testing.T) {
	m := sms.Message{To: "+8613800138000", Params: map[string]string{"code": "123456", "name": "x"}}
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = Keep(m) }))
}
