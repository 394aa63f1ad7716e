package verify_test

import (
	"crypto/sha256"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/verify"
)

func issueAt(now time.Time, token string) verify.Issue {
	h := sha256.Sum256([]byte(token))
	return verify.Issue{Token: token, Hash: h[:], Now: now, ValidFor: time.Minute, Interval: time.Minute, MaxSends: 5}
}

// TestMemoryStoreBounded: a full store refuses new keys with ErrStoreFull
// while every record is pending, never evicts one, and takes new keys again
// once records can be forgotten.
func TestMemoryStoreBounded(t *testing.T) {
	s, err := verify.NewMemoryStore(verify.MemoryStoreOptions{MaxKeys: 64})
	require.NoError(t, err)
	full := 0
	var firstRefusal time.Duration
	for i := range 2000 {
		got, err := s.Issue(ctx, "k"+strconv.Itoa(i), issueAt(epoch, strconv.Itoa(i)))
		if err != nil {
			require.ErrorIs(t, err, verify.ErrStoreFull)
			if full == 0 {
				firstRefusal = got.RetryAfter
			}
			full++
		}
	}
	assert.LessOrEqual(t, s.Len(), 64)
	assert.Equal(t, 2000-s.Len(), full)
	assert.Equal(t, time.Minute+verify.RecordGrace, firstRefusal, "until the first record can be forgotten")
	// Pending records still decide: none was evicted.
	kept := 0
	for i := range 2000 {
		h := sha256.Sum256([]byte(strconv.Itoa(i)))
		out, err := s.Check(ctx, "k"+strconv.Itoa(i), verify.Attempt{Hash: h[:], Now: epoch, MaxAttempts: 5})
		require.NoError(t, err)
		if out.Approved() {
			kept++
		}
	}
	assert.Equal(t, 2000-full, kept)
	// After expiry and grace the store has room again.
	later := epoch.Add(time.Minute + verify.RecordGrace)
	for i := range 64 {
		_, err := s.Issue(ctx, "new"+strconv.Itoa(i), issueAt(later, "n"+strconv.Itoa(i)))
		if err != nil {
			require.ErrorIs(t, err, verify.ErrStoreFull) // a shard got more than its share
		}
	}
	assert.LessOrEqual(t, s.Len(), 64)
}

// TestMemoryStoreForgets: records are swept once forgettable, so memory
// does not grow with verifications that ended.
func TestMemoryStoreForgets(t *testing.T) {
	s, err := verify.NewMemoryStore(verify.MemoryStoreOptions{})
	require.NoError(t, err)
	for i := range 1000 {
		_, err := s.Issue(ctx, "k"+strconv.Itoa(i), issueAt(epoch, "t"))
		require.NoError(t, err)
	}
	assert.Equal(t, 1000, s.Len())
	later := epoch.Add(time.Minute + verify.RecordGrace + time.Minute)
	for i := range 1000 {
		_, err := s.Issue(ctx, "other"+strconv.Itoa(i), issueAt(later, "t"))
		require.NoError(t, err)
	}
	assert.Equal(t, 1000, s.Len(), "the first thousand were swept")
}

func TestMemoryStoreOptions(t *testing.T) {
	_, err := verify.NewMemoryStore(verify.MemoryStoreOptions{MaxKeys: -1})
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
}

func TestStoreFullIsUnavailable(t *testing.T) {
	store, err := verify.NewMemoryStore(verify.MemoryStoreOptions{MaxKeys: 1})
	require.NoError(t, err)
	e := newEnv(t, func(o *verify.Options) { o.Store = store })
	var full error
	for i := range 200 {
		_, err := e.local.Start(ctx, verify.Request{To: "+86138001" + strconv.Itoa(10000+i)})
		if err != nil {
			full = err
			break
		}
	}
	require.ErrorIs(t, full, verify.ErrStoreFull)
	assert.Equal(t, sms.Unavailable, sms.CodeOf(full))
	assert.True(t, sms.IsNotAccepted(full))
	assert.Greater(t, sms.RetryAfterOf(full), time.Duration(0))
}
