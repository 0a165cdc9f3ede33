import { TextField, type TextFieldProps } from '@/components/ui';
import type { ProfessionPolicy } from '@/server/professions/rules';

type Props = Omit<TextFieldProps, 'label' | 'hint'> & { policy: ProfessionPolicy | null };

/** The licence number in the shape the chosen profession's college uses; none when it has none. */
export function LicenceField({ policy, ...field }: Props) {
  if (!policy?.licenceRequired) return null;
  return (
    <TextField
      label={`${policy.college} licence number`}
      hint={policy.licenceHint}
      inputMode="numeric"
      autoComplete="off"
      fieldWidth="sm"
      {...field}
      id="licenceNumber"
    />
  );
}
