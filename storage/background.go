package storage

import (
	"context"
	"errors"
	"sync"
)

// background is the goroutines a store runs for its callers — a watch's
// poller or listener, a drive's keeper — each holding a connection of its
// own. Close stops them and waits for them, so that none outlives the
// store or uses a connection being closed.
type background struct {
	mu     sync.Mutex
	closed bool
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// errClosed is what a watch or a drive asked of a closed store gets.
var errClosed = errors.New("the store is closed")

// start returns a context that ends when ctx does or when the store
// closes, and done, which the goroutine running under it calls as it ends.
func (b *background) start(ctx context.Context) (context.Context, func(), error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, nil, errClosed
	}
	if b.ctx == nil {
		b.ctx, b.cancel = context.WithCancel(context.Background())
	}
	ctx, cancel := context.WithCancel(ctx)
	unhook := context.AfterFunc(b.ctx, cancel)
	b.wg.Add(1)
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			unhook()
			cancel()
			b.wg.Done()
		})
	}, nil
}

// stop ends every goroutine started and waits for them; later starts fail.
func (b *background) stop() {
	b.mu.Lock()
	b.closed = true
	if b.cancel != nil {
		b.cancel()
	}
	b.mu.Unlock()
	b.wg.Wait()
}
