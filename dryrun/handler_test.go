package dryrun_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
)

func TestHandler(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	s := newSender(t, dryrun.Options{Logger: quiet(), Now: func() time.Time { return at }})
	ctx := context.Background()
	for _, m := range []sms.Message{
		loginCode("+8613800138000", "111111"),
		{To: "+8613900139000", Body: "hello", Sign: "Acme", Reference: "r-1"},
		loginCode("+8613800138000", "333333"),
	} {
		_, err := s.Send(ctx, m)
		require.NoError(t, err)
	}
	ids := []string{}
	for _, r := range s.Records() {
		ids = append(ids, r.Result.MessageID)
	}

	tests := []struct {
		name       string
		method     string
		target     string
		wantStatus int
		wantBody   string
	}{
		{
			name: "all, newest first", method: http.MethodGet, target: "/", wantStatus: http.StatusOK,
			wantBody: `{"messages":[
				{"time":"2025-01-02T03:04:05Z","provider":"dryrun","message_id":"` + ids[2] + `","to":"+8613800138000","template":"login_code","params":{"code":"333333"}},
				{"time":"2025-01-02T03:04:05Z","provider":"dryrun","message_id":"` + ids[1] + `","to":"+8613900139000","body":"hello","sign":"Acme","reference":"r-1"},
				{"time":"2025-01-02T03:04:05Z","provider":"dryrun","message_id":"` + ids[0] + `","to":"+8613800138000","template":"login_code","params":{"code":"111111"}}]}`,
		},
		{
			name: "filtered by number in any format", method: http.MethodGet, target: "/?to=139+0013+9000", wantStatus: http.StatusOK,
			wantBody: `{"messages":[{"time":"2025-01-02T03:04:05Z","provider":"dryrun","message_id":"` + ids[1] + `","to":"+8613900139000","body":"hello","sign":"Acme","reference":"r-1"}]}`,
		},
		{name: "no match", method: http.MethodGet, target: "/?to=%2B12015550123", wantStatus: http.StatusOK, wantBody: `{"messages":[]}`},
		{name: "head", method: http.MethodHead, target: "/", wantStatus: http.StatusOK},
		{name: "post refused", method: http.MethodPost, target: "/", wantStatus: http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
			require.Equal(t, tt.wantStatus, rec.Code)
			if tt.wantStatus != http.StatusOK {
				assert.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))
				return
			}
			assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
			assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
			if tt.wantBody == "" {
				assert.Empty(t, rec.Body.String())
				return
			}
			assert.JSONEq(t, tt.wantBody, rec.Body.String())
			assert.True(t, json.Valid(rec.Body.Bytes()))
		})
	}
}
