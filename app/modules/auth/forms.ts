import { z } from 'zod'
import { MAX_ID, WITHOUT_NUL } from '#app/modules/http/forms.ts'
import { positions, subjects } from './profile.ts'

// Messages are i18n keys in the `validation` namespace; the UI translates them.
const email = z
	.string({ error: 'required' })
	.trim()
	.min(1, { error: 'required' })
	.max(254, { error: 'too_long' })
	.pipe(z.email({ error: 'email' }))
	.transform((v) => v.toLowerCase())
const newPassword = z
	.string({ error: 'required' })
	.min(8, { error: 'password_short' })
	.max(200, { error: 'too_long' })
/** An optional choice from a fixed list: '' or absent is null. */
export const positionField = z
	.union([z.enum(positions), z.literal('')], { error: 'choose_option' })
	.optional()
	.transform((v) => v || null)
export const subjectField = z
	.union([z.enum(subjects), z.literal('')], { error: 'choose_option' })
	.optional()
	.transform((v) => v || null)

const id = z.coerce.number({ error: 'required' }).int({ error: 'required' }).positive({ error: 'required' }).max(MAX_ID, { error: 'required' })

export const loginSchema = z.object({
	email,
	password: z.string({ error: 'required' }).min(1, { error: 'required' }).max(200, { error: 'too_long' }),
	redirectTo: z.string().optional(),
})

export const registerSchema = z
	.object({
		email,
		password: newPassword,
		confirmPassword: z.string({ error: 'required' }),
		fullName: z.string({ error: 'required' }).trim().min(3, { error: 'name_short' }).max(200, { error: 'too_long' }).regex(WITHOUT_NUL, { error: 'invalid_characters' }),
		regionId: id,
		districtId: id,
		schoolId: id,
		gender: z
			.enum(['female', 'male', ''], { error: 'choose_option' })
			.optional()
			.transform((v) => (v ? v : null)),
		position: positionField,
		subject: subjectField,
	})
	.refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], error: 'password_mismatch' })

/** The account page's "my work" form: position and subject, each optional. */
export const profileSchema = z.object({ position: positionField, subject: subjectField })

export const forgotPasswordSchema = z.object({ email })

export const resetPasswordSchema = z
	.object({
		token: z.string({ error: 'required' }).min(10, { error: 'token_invalid' }).max(200, { error: 'token_invalid' }),
		password: newPassword,
		confirmPassword: z.string({ error: 'required' }),
	})
	.refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], error: 'password_mismatch' })

export const changePasswordSchema = z
	.object({
		currentPassword: z.string({ error: 'required' }).min(1, { error: 'required' }),
		password: newPassword,
		confirmPassword: z.string({ error: 'required' }),
	})
	.refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], error: 'password_mismatch' })

export const roleAssignmentSchema = z
	.object({
		userId: id,
		role: z.enum(['author', 'reviewer', 'methodologist', 'admin'], { error: 'choose_option' }),
		granted: z.enum(['on', 'off']).default('off'),
		regionId: z.union([id, z.literal('')]).optional(),
		districtId: z.union([id, z.literal('')]).optional(),
	})
	.refine((v) => v.role !== 'methodologist' || v.granted === 'off' || (v.regionId !== '' && v.regionId !== undefined), {
		path: ['regionId'],
		error: 'scope_required',
	})
