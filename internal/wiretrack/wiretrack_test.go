package wiretrack

import (
	"crypto/tls"
	"errors"
	"net"
	"net/http/httptrace"
	"testing"

	"github.com/stretchr/testify/assert"
)

// scriptedConn is a net.Conn whose writes answer as told.
type scriptedConn struct {
	net.Conn
	write func([]byte) (int, error)
}

func (c scriptedConn) Write(p []byte) (int, error) { return c.write(p) }

func TestConnCountsBytesWritten(t *testing.T) {
	failed := errors.New("broken pipe")
	tests := []struct {
		name      string
		n         int
		err       error
		wantWrote bool
	}{
		{"whole write", 10, nil, true},
		{"partial write, then an error", 3, failed, true},
		{"nothing written (a stale keep-alive connection)", 0, failed, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn := &Conn{Conn: scriptedConn{write: func([]byte) (int, error) { return tt.n, tt.err }}}
			var c Call
			c.GotConn(httptrace.GotConnInfo{Conn: conn})
			_, _ = conn.Write(make([]byte, 10))
			assert.Equal(t, tt.wantWrote, c.Wrote())

			// Once the call is over, the connection reports to it no more.
			c.Release()
			assert.Nil(t, conn.owner.Load())
		})
	}
}

func TestGotConn(t *testing.T) {
	wrote := func(conn net.Conn) bool {
		var c Call
		c.GotConn(httptrace.GotConnInfo{Conn: conn})
		return c.Wrote()
	}
	tracked := &Conn{Conn: scriptedConn{}}
	assert.False(t, wrote(tracked), "an own connection reports its writes")
	assert.False(t, wrote(tls.Client(tracked, &tls.Config{})), "under TLS too")
	assert.True(t, wrote(scriptedConn{}), "a connection of another transport counts as written")
}
