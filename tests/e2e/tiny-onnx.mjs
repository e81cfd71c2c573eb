// The smallest ONNX model transformers.js will load as a BERT encoder: one input, input_ids (int64, [batch, seq]), and one
// output, last_hidden_state (float, [batch, seq, 1]), which is input_ids cast to float. Its answers are the token ids, so a
// test can tell that the tokenizer and the model it loaded are the ones it uploaded. Encoded with protobufjs from the few
// onnx.proto messages it needs (field numbers as in onnx/onnx.proto).
import protobuf from "protobufjs";

const schema = `
syntax = "proto2";
package onnx;
message AttributeProto { optional string name = 1; optional int64 i = 3; repeated int64 ints = 8; optional int32 type = 20; }
message NodeProto { repeated string input = 1; repeated string output = 2; optional string name = 3; optional string op_type = 4; repeated AttributeProto attribute = 5; }
message Dimension { optional int64 dim_value = 1; optional string dim_param = 2; }
message TensorShapeProto { repeated Dimension dim = 1; }
message TensorTypeProto { optional int32 elem_type = 1; optional TensorShapeProto shape = 2; }
message TypeProto { optional TensorTypeProto tensor_type = 1; }
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; }
message GraphProto { repeated NodeProto node = 1; optional string name = 2; repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12; }
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message ModelProto { optional int64 ir_version = 1; optional string producer_name = 2; optional GraphProto graph = 7; repeated OperatorSetIdProto opset_import = 8; }
`;

const FLOAT = 1, INT64 = 7, ATTRIBUTE_INT = 2, ATTRIBUTE_INTS = 7;
const shape = (...dims) => ({ dim: dims.map((d) => (typeof d === "string" ? { dim_param: d } : { dim_value: d })) });
const Model = protobuf.parse(schema, { keepCase: true }).root.lookupType("onnx.ModelProto");

export const tinyEncoderOnnx = Model.encode(Model.create({
  ir_version: 7,
  producer_name: "hubplatform-e2e",
  opset_import: [{ domain: "", version: 11 }],
  graph: {
    name: "ids-as-features",
    node: [
      { op_type: "Cast", name: "cast", input: ["input_ids"], output: ["ids"], attribute: [{ name: "to", i: FLOAT, type: ATTRIBUTE_INT }] },
      { op_type: "Unsqueeze", name: "features", input: ["ids"], output: ["last_hidden_state"], attribute: [{ name: "axes", ints: [2], type: ATTRIBUTE_INTS }] },
    ],
    input: [{ name: "input_ids", type: { tensor_type: { elem_type: INT64, shape: shape("batch", "sequence") } } }],
    output: [{ name: "last_hidden_state", type: { tensor_type: { elem_type: FLOAT, shape: shape("batch", "sequence", 1) } } }],
  },
})).finish();
