// One storage account for the Functions host (leases, timer monitor) and the app (tables, queues), reached only
// with Entra identities: shared keys are switched off, so no connection string with a key can exist.
param name string
param location string
param tags object

// The queues and tables the app uses, kept next to this file and compared with the code by a test
// (tests/ExpoMatch.Tests/Hosting/InfraConsistencyTests.cs).
var storageNames = loadJsonContent('storage-names.json')
var deploymentContainer = 'deployments'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// Flex Consumption's deployment container: azd's one-deploy puts the app package here and the platform reads it
// with the app's identity (no Azure Files content share, no keys).
resource deployments 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
  properties: { publicAccess: 'None' }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in storageNames.queues: {
  parent: queueService
  name: queue
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in storageNames.tables: {
  parent: tableService
  name: table
}]

output name string = storage.name
output deploymentContainer string = deploymentContainer
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
