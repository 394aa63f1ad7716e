package inbox

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSQLiteKeepsMessagesAcrossRestarts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inbox.db")
	first := start(t, Config{Database: db})
	_, err := classicSend(classicSDK(t), first, "13800138000", "4821")
	require.NoError(t, err)
	tw, err := twilioSend(first, "+14155552671", "Your code is 904112")
	require.NoError(t, err)
	var before List
	require.Equal(t, 200, call(t, first, "GET", "/api/v1/messages", "", &before))
	require.Equal(t, 2, before.Total)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, first.Shutdown(ctx))

	second := start(t, Config{Database: db})
	var after List
	require.Equal(t, 200, call(t, second, "GET", "/api/v1/messages", "", &after))
	require.Equal(t, 2, after.Total, "the restart kept the inbox")
	assert.Equal(t, before.Messages[0].ID, after.Messages[0].ID)
	assert.Equal(t, "904112", after.Messages[0].Code)
	assert.Equal(t, StatusWaiting, after.Messages[1].Status, "an Aliyun receipt is computed from what was stored")
	var code Code
	require.Equal(t, 200, call(t, second, "GET", "/api/v1/numbers/13800138000/code", "", &code))
	assert.Equal(t, "4821", code.Code)
	assert.Equal(t, 409, call(t, second, "POST", "/api/v1/messages/"+after.Messages[1].ID+"/receipt", `{"status":"failed"}`, nil),
		"the emulator of this run does not know an earlier run's message")

	// The emulators number from 1 again: ids must not collide.
	_, err = classicSend(classicSDK(t), second, "13900139000", "5555")
	require.NoError(t, err)
	tw2, err := twilioSend(second, "+14155552671", "Your code is 111222")
	require.NoError(t, err)
	assert.Equal(t, *tw.Sid, *tw2.Sid, "the emulator restarted its SIDs")
	require.Equal(t, 200, call(t, second, "GET", "/api/v1/messages", "", &after))
	require.Equal(t, 4, after.Total)
	ids := map[string]bool{}
	for _, m := range after.Messages {
		ids[m.ID] = true
	}
	assert.Len(t, ids, 4)
	var m Message
	require.Equal(t, 200, call(t, second, "POST", "/api/v1/messages/"+after.Messages[0].ID+"/receipt", `{"status":"failed"}`, &m))
	assert.Equal(t, StatusFailed, m.Status, "this run's Twilio message")
	require.Equal(t, 200, call(t, second, "GET", "/api/v1/numbers/%2B14155552671/code", "", &code))
	assert.Equal(t, "111222", code.Code)

	assert.Equal(t, 204, call(t, second, "DELETE", "/api/v1/messages", "", nil))
	require.Equal(t, 200, call(t, second, "GET", "/api/v1/messages", "", &after))
	assert.Equal(t, 0, after.Total)

	_, err = New(Config{Database: filepath.Join(t.TempDir(), "missing-dir", "x", "inbox.db")})
	assert.Error(t, err)
}
