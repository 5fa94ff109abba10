import { index, route } from '@react-router/dev/routes'

export const publicRoutes = [
	index('routes/home.tsx'),
	route('login', 'routes/auth.login.tsx'),
	route('logout', 'routes/auth.logout.ts'),
	route('register', 'routes/auth.register.tsx'),
	route('forgot-password', 'routes/auth.forgot-password.tsx'),
	route('reset-password', 'routes/auth.reset-password.tsx'),
	route('account', 'routes/account.tsx'),
	route('places', 'routes/places.ts'),
]

export const adminRoutes = [
	route('admin/users', 'routes/admin.users.tsx'),
	route('admin/users/:userId', 'routes/admin.user.tsx'),
]
