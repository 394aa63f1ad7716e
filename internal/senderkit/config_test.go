package senderkit

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

func TestNewDefaults(t *testing.T) {
	b, err := New(Config{DefaultProvider: "fake"})
	require.NoError(t, err)
	assert.Equal(t, "fake", b.Provider)
	assert.Equal(t, sms.DefaultRegion, b.Region)
	assert.NotNil(t, b.Now)
	assert.Equal(t, sms.Rules{Provider: "fake", TemplateKey: "fake", DefaultRegion: "CN",
		MaxParamLength: sms.MaxParamLength, MaxBodyLength: sms.MaxBodyLength}, b.Validator.Rules())
	assert.Equal(t, NewIDs("fake-", "fake"), b.IDs)
}

// TestNewIDs: ids start with the sender's own name, whatever it is called,
// and differ between names.
func TestNewIDs(t *testing.T) {
	b, err := New(Config{Provider: "aliyun", DefaultProvider: "dryrun"})
	require.NoError(t, err)
	assert.Equal(t, NewIDs("dryrun-", "aliyun"), b.IDs)
	assert.Regexp(t, `^dryrun-[0-9a-f]{16}$`, b.IDs.MessageID(1))
	other, err := New(Config{DefaultProvider: "dryrun"})
	require.NoError(t, err)
	assert.NotEqual(t, other.IDs.MessageID(1), b.IDs.MessageID(1))
}

func TestNewRules(t *testing.T) {
	at := time.Unix(1, 0)
	tests := []struct {
		name       string
		config     Config
		wantName   string
		wantKey    string
		wantRegion string
	}{
		{name: "provider option", config: Config{Provider: "aliyun", DefaultProvider: "fake"}, wantName: "aliyun", wantKey: "aliyun", wantRegion: "CN"},
		{name: "rules keep their template key", config: Config{DefaultProvider: "fake", Rules: sms.Rules{Provider: "aliyun"}},
			wantName: "fake", wantKey: "aliyun", wantRegion: "CN"},
		{name: "explicit template key", config: Config{Provider: "x", DefaultProvider: "fake", Rules: sms.Rules{Provider: "aliyun", TemplateKey: "acme"}},
			wantName: "x", wantKey: "acme", wantRegion: "CN"},
		{name: "region of the rules", config: Config{DefaultProvider: "fake", Rules: sms.Rules{DefaultRegion: "US"}}, wantName: "fake", wantKey: "fake", wantRegion: "US"},
		{name: "region option wins", config: Config{DefaultProvider: "fake", DefaultRegion: "GB", Rules: sms.Rules{DefaultRegion: "US"}}, wantName: "fake", wantKey: "fake", wantRegion: "GB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.config.Now = func() time.Time { return at }
			b, err := New(tt.config)
			require.NoError(t, err)
			assert.Equal(t, tt.wantName, b.Provider)
			assert.Equal(t, tt.wantName, b.Validator.Rules().Provider, "errors name the sender")
			assert.Equal(t, tt.wantKey, b.Validator.Rules().TemplateKey)
			assert.Equal(t, tt.wantRegion, b.Region)
			assert.Equal(t, at, b.Now())
		})
	}
}

func TestNewRefusesTemplatesNamingTheSender(t *testing.T) {
	_, err := New(Config{Provider: "staging", DefaultProvider: "dryrun", Rules: sms.Rules{Provider: "aliyun", NeedsCode: true},
		Templates: []sms.Template{{Name: "login_code", Kind: sms.KindVerification}}})
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
	assert.Contains(t, err.Error(), "sms: staging: invalid options:")
	assert.Contains(t, err.Error(), `Codes["aliyun"]`)
}

func TestNilContextIsRefusedByTheValidator(t *testing.T) {
	b, err := New(Config{DefaultProvider: "fake"})
	require.NoError(t, err)
	var ctx context.Context // nil
	assert.NotPanics(t, func() {
		_, err = b.Validator.Prepare(ctx, sms.Message{To: "+8613800138000", Body: "hi"})
	})
	assert.ErrorIs(t, err, sms.ErrNilContext)
	assert.Equal(t, err, error(CheckContext(ctx, "fake")), "CheckContext says what Prepare says")
}
