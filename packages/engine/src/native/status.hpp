// Error codes of the native engine. Every entry point returns one of these (never throws, never
// aborts on bad input); the N-API binding turns them into typed JS errors with the code's name.
#pragma once

namespace zkv {

enum class Status : int {
  Ok = 0,
  KeyTruncated,          // the zkey ends inside its header or a section
  KeyBadMagic,           // not a zkey file
  KeyNotGroth16,         // a zkey for another protocol
  KeyWrongCurve,         // field sizes or moduli are not BN254's
  KeyMissingSection,     // a section the prover needs is absent
  KeyBadSection,         // a section's size disagrees with the header's counts
  KeyValueNotReduced,    // a coordinate ≥ q or a coefficient ≥ r
  KeyPointNotOnCurve,    // an (x, y) that is not on G1 / G2
  KeyBadCoefficient,     // a coefficient names a matrix, constraint or signal that does not exist
  WitnessWrongLength,    // not nVars values of 32 bytes
  WitnessValueNotReduced,// a witness value ≥ r
  ScalarNotReduced,      // a value ≥ the modulus handed to a test hook or as r / s
  OutOfMemory,
};

/** The code's stable name, as JS sees it in `error.code`. */
inline const char* statusName(Status s) {
  switch (s) {
    case Status::Ok: return "OK";
    case Status::KeyTruncated: return "ZKEY_TRUNCATED";
    case Status::KeyBadMagic: return "ZKEY_BAD_MAGIC";
    case Status::KeyNotGroth16: return "ZKEY_NOT_GROTH16";
    case Status::KeyWrongCurve: return "ZKEY_WRONG_CURVE";
    case Status::KeyMissingSection: return "ZKEY_MISSING_SECTION";
    case Status::KeyBadSection: return "ZKEY_BAD_SECTION";
    case Status::KeyValueNotReduced: return "ZKEY_VALUE_NOT_REDUCED";
    case Status::KeyPointNotOnCurve: return "ZKEY_POINT_NOT_ON_CURVE";
    case Status::KeyBadCoefficient: return "ZKEY_BAD_COEFFICIENT";
    case Status::WitnessWrongLength: return "WITNESS_WRONG_LENGTH";
    case Status::WitnessValueNotReduced: return "WITNESS_VALUE_NOT_REDUCED";
    case Status::ScalarNotReduced: return "VALUE_NOT_REDUCED";
    case Status::OutOfMemory: return "OUT_OF_MEMORY";
  }
  return "UNKNOWN";
}

}  // namespace zkv
