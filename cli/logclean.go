package cli

import (
	"fmt"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/socdw/socdw"
)

// cleanCore wraps every logger socdw makes: each message and each field
// that carries text (strings, errors, Stringers, anything rendered) passes
// socdw.CleanText before it is encoded, so a personnummer in a file name or
// a password in a source URL cannot reach the console or JSON log, whichever
// package logged it. Numbers, booleans, durations and times pass as they
// are: they cannot carry either.
type cleanCore struct{ zapcore.Core }

func (c cleanCore) With(fs []zapcore.Field) zapcore.Core {
	return cleanCore{c.Core.With(cleanFields(fs))}
}

func (c cleanCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.Enabled(e.Level) {
		return ce.AddCore(e, c)
	}
	return ce
}

func (c cleanCore) Write(e zapcore.Entry, fs []zapcore.Field) error {
	e.Message = socdw.CleanText(e.Message)
	return c.Core.Write(e, cleanFields(fs))
}

// nameFields are the fields that hold a file's path or a URL: cleaned as
// names (socdw.CleanName), the configured directories left as they are.
var nameFields = map[string]bool{"file": true, "url": true, "path": true, "copy": true, "warehouse": true, "dir": true}

func cleanFields(fs []zapcore.Field) []zapcore.Field {
	out := make([]zapcore.Field, len(fs))
	for i, f := range fs {
		out[i] = cleanField(f)
	}
	return out
}

func cleanField(f zapcore.Field) zapcore.Field {
	switch f.Type {
	case zapcore.BoolType, zapcore.DurationType, zapcore.Float64Type, zapcore.Float32Type,
		zapcore.Int64Type, zapcore.Int32Type, zapcore.Int16Type, zapcore.Int8Type,
		zapcore.Uint64Type, zapcore.Uint32Type, zapcore.Uint16Type, zapcore.Uint8Type, zapcore.UintptrType,
		zapcore.TimeType, zapcore.TimeFullType, zapcore.SkipType:
		return f
	case zapcore.StringType:
		if nameFields[f.Key] {
			f.String = socdw.CleanName(f.String)
		} else {
			f.String = socdw.CleanText(f.String)
		}
		return f
	case zapcore.ErrorType:
		if err, ok := f.Interface.(error); ok && err != nil {
			return zap.String(f.Key, socdw.CleanText(err.Error()))
		}
		return f
	}
	// Anything else (Stringers, byte strings, arrays, objects, reflected
	// values) is rendered the way the encoder would and logged as text.
	enc := zapcore.NewMapObjectEncoder()
	f.AddTo(enc)
	return zap.String(f.Key, socdw.CleanText(fmt.Sprint(enc.Fields[f.Key])))
}
