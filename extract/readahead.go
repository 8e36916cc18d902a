package extract

import (
	"io"
	"sync"
)

// readAhead inflates a part on its own goroutine while the scanner works
// through what was inflated before: on two cores the inflate (a quarter
// of a sheet's reading) then costs no time. It holds at most
// readAheadChunks chunks of readAheadSize bytes.
type readAhead struct {
	src    io.ReadCloser
	chunks chan chunk
	free   chan []byte
	done   chan struct{}
	once   sync.Once
	wg     sync.WaitGroup
	cur    []byte
	buf    []byte
	err    error
}

type chunk struct {
	b   []byte
	err error
}

const (
	readAheadSize   = 256 << 10
	readAheadChunks = 3
)

func newReadAhead(src io.ReadCloser) *readAhead {
	r := &readAhead{src: src, chunks: make(chan chunk, readAheadChunks), free: make(chan []byte, readAheadChunks+1), done: make(chan struct{})}
	for i := 0; i < readAheadChunks+1; i++ {
		r.free <- make([]byte, readAheadSize)
	}
	r.wg.Add(1)
	go r.run()
	return r
}

func (r *readAhead) run() {
	defer r.wg.Done()
	for {
		var b []byte
		select {
		case b = <-r.free:
		case <-r.done:
			return
		}
		n, err := io.ReadFull(r.src, b)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		select {
		case r.chunks <- chunk{b: b[:n], err: err}:
		case <-r.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (r *readAhead) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.buf != nil {
			r.free <- r.buf[:cap(r.buf)]
			r.buf = nil
		}
		c := <-r.chunks
		r.buf, r.cur, r.err = c.b, c.b, c.err
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// Close stops the goroutine and closes the part; closing again does
// nothing.
func (r *readAhead) Close() error {
	var err error
	r.once.Do(func() {
		close(r.done)
		r.wg.Wait()
		err = r.src.Close()
	})
	return err
}
