// Pure rules for importing pupils and staff from school MIS CSV exports (ORG-4, ORG-5).
export { detectNonCsv, decodeCsvText } from './detect.ts';
export {
  ACCEPTED_HEADERS,
  mapHeaders,
  normaliseHeader,
  type ContactField,
  type FieldHeaders,
  type HeaderMapping,
  type ImportField,
  type ImportKind,
  type PupilField,
  type StaffField,
} from './headers.ts';
export {
  EMPLOYMENT_TYPES,
  MAX_YEAR_GROUP,
  MIN_YEAR_GROUP,
  makeUpn,
  parseEmail,
  parseEmploymentType,
  parseUkDate,
  parseUpn,
  parseYearGroup,
  parseYesNo,
  upnCheckLetter,
  type EmploymentType,
  type ParseResult,
} from './values.ts';
export {
  parseImport,
  splitFullName,
  type HeaderProblem,
  type ImportError,
  type ImportParseResult,
  type ImportRow,
  type PupilContact,
  type PupilRow,
  type StaffRow,
} from './rows.ts';
export {
  TYPED_CONFIRMATION_SHARE,
  UNDO_DAYS,
  confirmationMatches,
  needsTypedConfirmation,
  rowsWithErrors,
  undoDeadline,
} from './leavers.ts';
