// SPDX-License-Identifier: EUPL-1.2

// Package smtptest is a small SMTP server on 127.0.0.1 for tests: EHLO,
// STARTTLS with a certificate made at start, AUTH PLAIN and LOGIN (only
// after STARTTLS), MAIL, RCPT, DATA, RSET, NOOP and QUIT. It keeps what
// arrives, and can be told to answer a step with an error (4xx, 5xx) or
// to hold a message's data without answering.
package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one message the server received.
type Message struct {
	From, To  string
	Data      string // as sent, dot-unstuffed
	MessageID string // its Message-ID header
	TLS       bool   // it came over TLS
	Auth      string // the user who authenticated ("": none)
	Hello     string // the name the client gave in EHLO (or HELO)
	Accepted  bool   // the server answered 250 to its data
}

// Server is the test server.
type Server struct {
	Addr string
	// User and Password are the account AUTH accepts ("": any).
	User, Password string
	// NoTLS: STARTTLS is not offered.
	NoTLS bool

	ln    net.Listener
	tls   *tls.Config
	roots *x509.CertPool

	mu       sync.Mutex
	msgs     []Message
	answers  map[string]string // step → answer ("MAIL", "RCPT", "DATA")
	hold     chan struct{}     // non-nil: data is held until closed
	held     chan struct{}     // told when a message's data is held
	conns    map[net.Conn]bool
	received chan struct{}
	wg       sync.WaitGroup
}

// Start starts a server on 127.0.0.1 (closed at the test's end).
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// New starts a server on 127.0.0.1.
func New() (*Server, error) {
	cert, roots, err := certificate()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln, roots: roots, answers: map[string]string{}, conns: map[net.Conn]bool{},
		tls:      &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		received: make(chan struct{}, 100)}
	s.wg.Add(1)
	go s.serve()
	return s, nil
}

// CertPEM is the server's certificate in PEM (a CA file for a client).
func (s *Server) CertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.tls.Certificates[0].Certificate[0]})
}

// Roots trusts the server's certificate (for the client's tls.Config).
func (s *Server) Roots() *x509.CertPool { return s.roots }

// Answer makes the server answer a step ("MAIL", "RCPT", "DATA" — the
// end of the data — or "AUTH") with a line such as "451 4.3.0 try later"
// ("" answers normally again).
func (s *Server) Answer(step, answer string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[step] = answer
}

// Hold makes the server keep the next messages' data without answering
// until Release; Held is told as each one is held.
func (s *Server) Hold() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold, s.held = make(chan struct{}), make(chan struct{}, 10)
	return s.held
}

// Release answers the held messages (and stops holding).
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hold != nil {
		close(s.hold)
		s.hold = nil
	}
}

// Messages lists what arrived (a held message too, not Accepted).
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits up to d for n accepted messages and returns them.
func (s *Server) Wait(t testing.TB, n int, d time.Duration) []Message {
	t.Helper()
	end := time.After(d)
	for {
		var ok []Message
		for _, m := range s.Messages() {
			if m.Accepted {
				ok = append(ok, m)
			}
		}
		if len(ok) >= n {
			return ok
		}
		select {
		case <-s.received:
		case <-end:
			t.Fatalf("smtptest: %d of %d messages arrived in %v", len(ok), n, d)
		}
	}
}

// Close stops the server and closes its connections.
func (s *Server) Close() {
	s.ln.Close()
	s.Release()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.session(c)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			c.Close()
		}()
	}
}

func (s *Server) answer(step string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.answers[step]
}

// session speaks SMTP on one connection.
func (s *Server) session(c net.Conn) {
	c.SetDeadline(time.Now().Add(time.Minute))
	tp := textproto.NewConn(c)
	reply := func(line string) { tp.PrintfLine("%s", line) }
	reply("220 smtptest ready")
	secure, user, hello := false, "", ""
	var from string
	var to []string
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			hello = arg
			ext := []string{"250-smtptest", "250-8BITMIME", "250-PIPELINING"}
			if !secure && !s.NoTLS {
				ext = append(ext, "250-STARTTLS")
			}
			if secure {
				ext = append(ext, "250-AUTH PLAIN LOGIN")
			}
			ext = append(ext, "250 SIZE 10240000")
			for _, l := range ext {
				reply(l)
			}
		case "STARTTLS":
			if secure || s.NoTLS {
				reply("503 5.5.1 TLS not available")
				continue
			}
			reply("220 2.0.0 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, secure = tc, true
			tp = textproto.NewConn(c)
			from, to = "", nil
		case "AUTH":
			if !secure {
				reply("538 5.7.11 encryption required")
				continue
			}
			u, p, ok := s.auth(tp, arg)
			if a := s.answer("AUTH"); a != "" {
				reply(a)
				continue
			}
			if !ok || (s.User != "" && (u != s.User || p != s.Password)) {
				reply("535 5.7.8 authentication failed")
				continue
			}
			user = u
			reply("235 2.7.0 authenticated")
		case "MAIL":
			if a := s.answer("MAIL"); a != "" {
				reply(a)
				continue
			}
			if s.User != "" && user == "" {
				reply("530 5.7.0 authentication required")
				continue
			}
			from, to = addr(arg), nil
			reply("250 2.1.0 ok")
		case "RCPT":
			if a := s.answer("RCPT"); a != "" {
				reply(a)
				continue
			}
			if from == "" {
				reply("503 5.5.1 MAIL first")
				continue
			}
			to = append(to, addr(arg))
			reply("250 2.1.5 ok")
		case "DATA":
			if len(to) == 0 {
				reply("503 5.5.1 RCPT first")
				continue
			}
			reply("354 end with .")
			b, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			m := Message{From: from, To: strings.Join(to, ","), Data: string(b), TLS: secure, Auth: user, Hello: hello}
			if pm, err := mail.ReadMessage(strings.NewReader(m.Data)); err == nil {
				m.MessageID = pm.Header.Get("Message-ID")
			}
			s.mu.Lock()
			i := len(s.msgs)
			s.msgs = append(s.msgs, m)
			hold, held := s.hold, s.held
			s.mu.Unlock()
			if hold != nil {
				held <- struct{}{}
				c.SetDeadline(time.Time{})
				<-hold
				c.SetDeadline(time.Now().Add(time.Minute))
			}
			if a := s.answer("DATA"); a != "" {
				reply(a)
			} else {
				s.mu.Lock()
				s.msgs[i].Accepted = true
				s.mu.Unlock()
				reply("250 2.0.0 queued")
			}
			select {
			case s.received <- struct{}{}:
			default:
			}
			from, to = "", nil
		case "RSET":
			from, to = "", nil
			reply("250 2.0.0 ok")
		case "NOOP":
			reply("250 2.0.0 ok")
		case "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("502 5.5.2 not implemented")
		}
	}
}

// auth reads AUTH PLAIN or LOGIN's credentials.
func (s *Server) auth(tp *textproto.Conn, arg string) (user, pass string, ok bool) {
	mech, initial, _ := strings.Cut(arg, " ")
	read := func(prompt string) (string, bool) {
		tp.PrintfLine("334 %s", base64.StdEncoding.EncodeToString([]byte(prompt)))
		l, err := tp.ReadLine()
		if err != nil {
			return "", false
		}
		b, err := base64.StdEncoding.DecodeString(l)
		return string(b), err == nil
	}
	switch strings.ToUpper(mech) {
	case "PLAIN":
		var raw string
		if initial != "" {
			b, err := base64.StdEncoding.DecodeString(initial)
			if err != nil {
				return "", "", false
			}
			raw = string(b)
		} else if raw, ok = read(""); !ok {
			return "", "", false
		}
		parts := strings.Split(raw, "\x00")
		if len(parts) != 3 {
			return "", "", false
		}
		return parts[1], parts[2], true
	case "LOGIN":
		if user, ok = read("Username:"); !ok {
			return "", "", false
		}
		if pass, ok = read("Password:"); !ok {
			return "", "", false
		}
		return user, pass, true
	}
	return "", "", false
}

// addr is the address of "FROM:<a@b> SIZE=…" or "TO:<a@b>".
func addr(arg string) string {
	_, a, _ := strings.Cut(arg, ":")
	a = strings.TrimSpace(a)
	if i := strings.IndexByte(a, '>'); i >= 0 {
		a = a[:i]
	}
	return strings.TrimPrefix(a, "<")
}

// certificate makes a self-signed certificate for 127.0.0.1 and
// localhost.
func certificate() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtptest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}

// String describes the server.
func (s *Server) String() string { return fmt.Sprintf("smtptest on %s", s.Addr) }
