package main

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/grpc/encoding"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// protoCodec is the server's wire codec. It differs from grpc's default in
// one case: a request whose string fields hold invalid UTF-8 (proto3 forbids
// it, but not every client checks). grpc would answer INTERNAL ("failed to
// unmarshal") before any handler runs; instead the codec decodes the request
// with the bad bytes replaced, and records the paths of the bad fields
// ("document.text", "documents[2].html") in an unknown field of the request,
// so that the handler answers INVALID_ARGUMENT naming the field.
type protoCodec struct{}

var _ encoding.Codec = protoCodec{}

// invalidUTF8Field is the field number that carries the recorded paths; the
// largest number protobuf allows, never used by the API.
const invalidUTF8Field = protowire.Number(536870911)

func (protoCodec) Name() string { return "proto" }

func (protoCodec) Marshal(v any) ([]byte, error) { return proto.Marshal(v.(proto.Message)) }

func (protoCodec) Unmarshal(data []byte, v any) error {
	m := v.(proto.Message)
	err := proto.Unmarshal(data, m)
	if err == nil || !strings.Contains(err.Error(), "UTF-8") {
		return err
	}
	var bad []string
	fixed, ok := replaceInvalidUTF8(data, m.ProtoReflect().Descriptor(), "", &bad)
	if !ok || len(bad) == 0 {
		return err
	}
	if err := proto.Unmarshal(fixed, m); err != nil {
		return err
	}
	rm := m.ProtoReflect()
	unknown := protowire.AppendTag(rm.GetUnknown(), invalidUTF8Field, protowire.BytesType)
	rm.SetUnknown(protowire.AppendString(unknown, strings.Join(bad, ",")))
	return nil
}

// invalidUTF8Fields returns the paths protoCodec recorded for m.
func invalidUTF8Fields(m proto.Message) map[string]bool {
	b := m.ProtoReflect().GetUnknown()
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil
		}
		b = b[n:]
		if num == invalidUTF8Field && typ == protowire.BytesType {
			v, _ := protowire.ConsumeString(b)
			set := map[string]bool{}
			for _, p := range strings.Split(v, ",") {
				set[p] = true
			}
			return set
		}
		n = protowire.ConsumeFieldValue(num, typ, b)
		if n < 0 {
			return nil
		}
		b = b[n:]
	}
	return nil
}

// replaceInvalidUTF8 rewrites an encoded message of type md with every
// invalid string replaced by valid UTF-8, appending the fields' paths to bad.
func replaceInvalidUTF8(b []byte, md protoreflect.MessageDescriptor, prefix string, bad *[]string) ([]byte, bool) {
	out := make([]byte, 0, len(b))
	seen := map[protowire.Number]int{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, false
		}
		b = b[n:]
		fd := md.Fields().ByNumber(num)
		if typ != protowire.BytesType || fd == nil {
			m := protowire.ConsumeFieldValue(num, typ, b)
			if m < 0 {
				return nil, false
			}
			out = protowire.AppendTag(out, num, typ)
			out = append(out, b[:m]...)
			b = b[m:]
			continue
		}
		v, m := protowire.ConsumeBytes(b)
		if m < 0 {
			return nil, false
		}
		b = b[m:]
		path := prefix + string(fd.Name())
		if fd.IsList() {
			path += "[" + strconv.Itoa(seen[num]) + "]"
			seen[num]++
		}
		switch {
		case fd.Kind() == protoreflect.StringKind && !utf8.Valid(v):
			*bad = append(*bad, path)
			v = []byte(strings.ToValidUTF8(string(v), "\uFFFD"))
		case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
			var ok bool
			if v, ok = replaceInvalidUTF8(v, fd.Message(), path+".", bad); !ok {
				return nil, false
			}
		}
		out = protowire.AppendTag(out, num, typ)
		out = protowire.AppendBytes(out, v)
	}
	return out, true
}
