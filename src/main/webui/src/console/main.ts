import { startApp } from '@/ui/bootstrap'
import App from './App.vue'
import { router } from './router'

startApp(App, router)
